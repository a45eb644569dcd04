"""The open data API: processes, envelopes, projects, public proposals and published results.

Read-only and anonymous (the map is in geojson.py, comments and pictures in discussion.py). The
views only check the request, call a selector and hand the result to a serializer; what is
public is decided in `api.selectors`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors as api_selectors
from api.serializers import (
    DetailSerializer,
    EnvelopeSerializer,
    ProcessDetailSerializer,
    ProcessQuerySerializer,
    ProcessSummarySerializer,
    ProjectSerializer,
    ProposalQuerySerializer,
    ProposalSerializer,
    ResultsSerializer,
    query_errors,
)
from budgeting.models import Envelope, Process
from voting.results import exports
from voting.results.selectors import published_tally

TAG = "open data"


class PublicPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    # Enough for a whole ballot or a ward's proposals in one request, small enough to stay cheap.
    max_page_size = 200
    invalid_page_message = gettext_lazy("There is no page “{page_number}”: {message}.")

    def get_page_number(self, request, paginator):
        # DRF reads a blank `page=` as page 1 and `page=last` as the last page; the schema
        # says a page is a number, so both are refused like any other page that is not one.
        return request.query_params.get(self.page_query_param, 1)

    def get_page_size(self, request) -> int:
        # DRF quietly ignores a page size it cannot read; a client that asked for one should
        # learn that it was not used. Sizes above the most are capped, as documented.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Give a whole number of 1 or more.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page: {self.page_size} unless given, "
                    f"at most {self.max_page_size} (a larger number gives {self.max_page_size})."
                )
        return parameters


class PublicAPI:
    """Anonymous on purpose: no session is read, so a signed-in member of staff sees exactly
    what the public sees, and a write method is a plain 405, never a CSRF 403."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = PublicPagination


def _id_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "integer", "minimum": 1, "maximum": api_selectors.MAX_ID},
        OpenApiParameter.PATH, description=f"The {what}'s id.",
    )


SLUG = OpenApiParameter(
    "slug", {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}, OpenApiParameter.PATH,
    description="The process's slug, as in its web address.",
)
PAGE_NOT_FOUND = "There is no such page (`page` is not a whole number, or is past the last page)."


PAGE_SIZE_ERROR = OpenApiResponse(query_errors("PageSizeErrors", ["page_size"]),
                                  description="`page_size` is not a whole number of 1 or more.")


def _not_found(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailSerializer, description=description)


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    if not serializer.is_valid():
        raise ValidationError(serializer.errors)
    # Blank values ("?status=") mean no filter, as they do on the web pages.
    return {k: v for k, v in serializer.validated_data.items() if v not in ("", None)}


def _process(slug: str) -> Process:
    process = api_selectors.process_public_or_none(slug=slug)
    if process is None:
        raise NotFound(_("There is no process with this slug."))
    return process


def _envelope(envelope_id: int) -> Envelope:
    envelope = api_selectors.envelope_public_or_none(envelope_id=envelope_id)
    if envelope is None:
        raise NotFound(_("There is no such envelope."))
    return envelope


@extend_schema_view(get=extend_schema(
    operation_id="process_list",
    summary="List processes",
    description="Processes (PB rounds), the latest vote first.",
    tags=[TAG],
    parameters=[ProcessQuerySerializer],
    responses={
        200: ProcessSummarySerializer(many=True),
        400: OpenApiResponse(query_errors("ProcessQueryErrors", ["phase", "q", "page_size"]),
                             description="A filter has a value it cannot take."),
        404: _not_found(PAGE_NOT_FOUND),
    },
))
class ProcessList(PublicAPI, ListAPIView):
    serializer_class = ProcessSummarySerializer

    def get_queryset(self):
        query = _query(ProcessQuerySerializer, self.request)
        return api_selectors.process_list_public(
            phase=query.get("phase", ""), text=query.get("q", "")
        )


@extend_schema_view(get=extend_schema(
    operation_id="process_detail",
    summary="A process",
    description="A process with its phase today, its dates, its partners and its envelopes.",
    tags=[TAG],
    parameters=[SLUG],
    responses={200: ProcessDetailSerializer,
               404: _not_found("There is no process with this slug.")},
))
class ProcessDetail(PublicAPI, RetrieveAPIView):
    serializer_class = ProcessDetailSerializer

    def get_object(self):
        return _process(self.kwargs["slug"])


@extend_schema_view(get=extend_schema(
    operation_id="process_envelope_list",
    summary="List a process's envelopes",
    description="The envelopes (pots of money) of a process, by name.",
    tags=[TAG],
    parameters=[SLUG],
    responses={200: EnvelopeSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no process with this slug, or no such page.")},
))
class ProcessEnvelopes(PublicAPI, ListAPIView):
    serializer_class = EnvelopeSerializer

    def get_queryset(self):
        return api_selectors.envelope_list_public(process=_process(self.kwargs["slug"]))


@extend_schema_view(get=extend_schema(
    operation_id="envelope_detail",
    summary="An envelope",
    description="An envelope: its amount, who may vote in it and its ballot rules.",
    tags=[TAG],
    parameters=[_id_param("envelope_id", "envelope")],
    responses={200: EnvelopeSerializer, 404: _not_found("There is no such envelope.")},
))
class EnvelopeDetail(PublicAPI, RetrieveAPIView):
    serializer_class = EnvelopeSerializer

    def get_object(self):
        return _envelope(self.kwargs["envelope_id"])


@extend_schema_view(get=extend_schema(
    operation_id="envelope_project_list",
    summary="List an envelope's projects",
    description="The projects on the envelope's ballot, in ballot order, with the public "
    "proposals each was made from and how its delivery is going.",
    tags=[TAG],
    parameters=[_id_param("envelope_id", "envelope")],
    responses={200: ProjectSerializer(many=True), 400: PAGE_SIZE_ERROR,
               404: _not_found("There is no such envelope, or no such page.")},
))
class EnvelopeProjects(PublicAPI, ListAPIView):
    serializer_class = ProjectSerializer

    def get_queryset(self):
        return api_selectors.project_list_public(envelope=_envelope(self.kwargs["envelope_id"]))


@extend_schema_view(get=extend_schema(
    operation_id="project_detail",
    summary="A project",
    tags=[TAG],
    parameters=[_id_param("project_id", "project")],
    responses={200: ProjectSerializer, 404: _not_found("There is no such project.")},
))
class ProjectDetail(PublicAPI, RetrieveAPIView):
    serializer_class = ProjectSerializer

    def get_object(self):
        project = api_selectors.project_public_or_none(project_id=self.kwargs["project_id"])
        if project is None:
            raise NotFound(_("There is no such project."))
        return project


@extend_schema_view(get=extend_schema(
    operation_id="process_proposal_list",
    summary="List a process's proposals",
    description="Residents' proposals, newest first. Proposals hidden by moderators never "
    "appear, and neither does who proposed them.",
    tags=[TAG],
    parameters=[SLUG, ProposalQuerySerializer],
    responses={
        200: ProposalSerializer(many=True),
        400: OpenApiResponse(
            query_errors("ProposalQueryErrors",
                         ["envelope", "status", "category", "q", "page_size"]),
            description="A filter has a value it cannot take.",
        ),
        404: _not_found("There is no process with this slug, or no such page."),
    },
))
class ProcessProposals(PublicAPI, ListAPIView):
    serializer_class = ProposalSerializer

    def get_queryset(self):
        process = _process(self.kwargs["slug"])
        query = _query(ProposalQuerySerializer, self.request)
        return api_selectors.public_proposals(
            process=process, envelope=query.get("envelope"), status=query.get("status", ""),
            category=query.get("category", ""), text=query.get("q", ""),
        )


@extend_schema_view(get=extend_schema(
    operation_id="proposal_detail",
    summary="A proposal",
    tags=[TAG],
    parameters=[_id_param("proposal_id", "proposal")],
    responses={200: ProposalSerializer, 404: _not_found("There is no such proposal.")},
))
class ProposalDetail(PublicAPI, RetrieveAPIView):
    serializer_class = ProposalSerializer

    def get_object(self):
        proposal = api_selectors.public_proposal_or_none(proposal_id=self.kwargs["proposal_id"])
        if proposal is None:
            # A hidden proposal gets the same reply as one that never existed.
            raise NotFound(_("There is no such proposal."))
        return proposal


class EnvelopeResults(PublicAPI, APIView):
    @extend_schema(
        operation_id="envelope_results",
        summary="An envelope's published results",
        description="The published count of the envelope: what was funded and why, with every "
        "amount in pounds. A count that has not been published is not shown.",
        tags=[TAG],
        parameters=[_id_param("envelope_id", "envelope")],
        responses={
            200: ResultsSerializer,
            404: _not_found("There is no such envelope, or its results are not published yet."),
        },
    )
    def get(self, request, envelope_id: int):
        envelope = _envelope(envelope_id)
        tally = published_tally(envelope=envelope)
        if tally is None:
            raise NotFound(_("The results of this envelope have not been published yet."))
        body = exports.results_body(
            tally=tally, slug=envelope.process.slug,
            ids=api_selectors.project_ids_by_code(envelope=envelope),
        )
        return Response(ResultsSerializer(body).data)
