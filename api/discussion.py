"""The open API's conversation: the comments and pictures a proposal's or a project's page
shows, and nothing about who wrote or added them."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView

from api import selectors as api_selectors
from api.views import PAGE_SIZE_ERROR, TAG, PublicAPI, _id_param, _not_found
from budgeting.comments.models import Comment
from budgeting.pictures.models import Picture
from budgeting.pictures.selectors import shown_pictures


class CommentSerializer(serializers.ModelSerializer):
    """A comment as its page shows it: the name its author chose to show (empty: a resident),
    or the partner a member of staff wrote for; never the account behind it."""

    reply_to = serializers.IntegerField(
        source="parent_id", read_only=True, allow_null=True,
        help_text="The comment this one answers, if any (it may be one a moderator hid, which "
        "is not listed).")
    partner = serializers.CharField(source="partner.name", read_only=True, allow_null=True,
                                    default=None,
                                    help_text="Set when a member of staff wrote it.")
    changed = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "reply_to", "text", "shown_as", "partner", "created_at", "changed"]

    @extend_schema_field(serializers.BooleanField())
    def get_changed(self, comment: Comment) -> bool:
        return comment.edited_at is not None


class PictureSerializer(serializers.ModelSerializer):
    """A picture as its page shows it: its address and its description; never who added it."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Picture
        fields = ["id", "url", "alt", "width", "height"]
        extra_kwargs = {"alt": {"help_text": "What it shows, for people who cannot see it."},
                        "width": {"help_text": "In pixels."},
                        "height": {"help_text": "In pixels."}}

    @extend_schema_field(serializers.URLField())
    def get_url(self, picture: Picture) -> str:
        url = picture.image.url
        request = self.context.get("request")
        # A store's own address (S3) is already absolute; a local file's is made so.
        return request.build_absolute_uri(url) if request is not None else url



@extend_schema_view(get=extend_schema(
    operation_id="proposal_comment_list",
    summary="List a proposal's comments",
    description="The comments shown on a public proposal's page, oldest first. A reply names "
    "the comment it answers. Comments hidden by moderators and who wrote anything never "
    "appear.",
    tags=[TAG],
    parameters=[_id_param("proposal_id", "proposal")],
    responses={200: CommentSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no such proposal, or no such page.")},
))
class ProposalComments(PublicAPI, ListAPIView):
    serializer_class = CommentSerializer

    def get_queryset(self):
        proposal = api_selectors.public_proposal_or_none(proposal_id=self.kwargs["proposal_id"])
        if proposal is None:
            raise NotFound(_("There is no such proposal."))
        return api_selectors.public_comments(target=proposal)


@extend_schema_view(get=extend_schema(
    operation_id="project_comment_list",
    summary="List a project's comments",
    description="The comments shown on a project's page, oldest first, as for proposals.",
    tags=[TAG],
    parameters=[_id_param("project_id", "project")],
    responses={200: CommentSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no such project, or no such page.")},
))
class ProjectComments(PublicAPI, ListAPIView):
    serializer_class = CommentSerializer

    def get_queryset(self):
        project = api_selectors.project_public_or_none(project_id=self.kwargs["project_id"])
        if project is None:
            raise NotFound(_("There is no such project."))
        return api_selectors.public_comments(target=project)


@extend_schema_view(get=extend_schema(
    operation_id="proposal_picture_list",
    summary="List a proposal's pictures",
    description="The pictures shown on a public proposal's page (at most three), in the order "
    "they were added, each with its description. Pictures removed by moderators and who added "
    "any never appear.",
    tags=[TAG],
    parameters=[_id_param("proposal_id", "proposal")],
    responses={200: PictureSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no such proposal, or no such page.")},
))
class ProposalPictures(PublicAPI, ListAPIView):
    serializer_class = PictureSerializer

    def get_queryset(self):
        proposal = api_selectors.public_proposal_or_none(proposal_id=self.kwargs["proposal_id"])
        if proposal is None:
            raise NotFound(_("There is no such proposal."))
        return shown_pictures(proposal)


@extend_schema_view(get=extend_schema(
    operation_id="project_picture_list",
    summary="List a project's pictures",
    description="The pictures shown on a project's page, as for proposals.",
    tags=[TAG],
    parameters=[_id_param("project_id", "project")],
    responses={200: PictureSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no such project, or no such page.")},
))
class ProjectPictures(PublicAPI, ListAPIView):
    serializer_class = PictureSerializer

    def get_queryset(self):
        project = api_selectors.project_public_or_none(project_id=self.kwargs["project_id"])
        if project is None:
            raise NotFound(_("There is no such project."))
        return shown_pictures(project)
