"""The open API's map: a round's public proposals with a map position, as GeoJSON."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors as api_selectors
from api.serializers import ProposalQuerySerializer, query_errors
from api.views import SLUG, TAG, PublicAPI, _not_found, _process, _query
from budgeting.proposals.models import Proposal


def _geojson_type(name: str) -> serializers.CharField:
    """A GeoJSON object's "type": one fixed word, written inline in the schema (as a choice it
    would be one more enum component per word)."""
    field_class = extend_schema_field({"type": "string", "enum": [name]})(
        type(f"{name}Type", (serializers.CharField,), {}))
    return field_class()


class PointSerializer(serializers.Serializer):
    type = _geojson_type("Point")
    coordinates = serializers.ListField(
        child=serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=False,
                                       min_value=-180, max_value=180),
        min_length=2, max_length=2,
        help_text="[longitude, latitude] in degrees (WGS 84), as GeoJSON orders them.")


class ProposalFeaturePropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Proposal.Status.choices)
    envelope = serializers.IntegerField(help_text="The envelope's id.")
    cost = serializers.DecimalField(max_digits=12, decimal_places=2,
                                    help_text="The reviewed cost if there is one, else the "
                                    "estimate.")
    url = serializers.URLField(help_text="The proposal's page.")


class ProposalFeatureSerializer(serializers.Serializer):
    type = _geojson_type("Feature")
    id = serializers.IntegerField(help_text="The proposal's id.")
    geometry = PointSerializer()
    properties = ProposalFeaturePropertiesSerializer()


class ProposalFeatureCollectionSerializer(serializers.Serializer):
    """Public proposals with a map position, as a GeoJSON (RFC 7946) FeatureCollection."""

    type = _geojson_type("FeatureCollection")
    features = ProposalFeatureSerializer(many=True)


def proposal_features(proposals, *, request) -> dict:
    """The FeatureCollection of these proposals, with their pages' full addresses."""
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "id": proposal.pk,
        "geometry": {"type": "Point", "coordinates": [proposal.longitude, proposal.latitude]},
        "properties": {
            "id": proposal.pk, "reference": proposal.reference, "title": proposal.title,
            "status": proposal.status, "envelope": proposal.envelope_id, "cost": proposal.cost,
            "url": request.build_absolute_uri(proposal.get_absolute_url()),
        },
    } for proposal in proposals]}



class ProcessProposalsGeoJSON(PublicAPI, APIView):
    @extend_schema(
        operation_id="process_proposal_map",
        summary="A process's proposals on a map (GeoJSON)",
        description="The public proposals that have a map position, as one GeoJSON "
        "FeatureCollection (not paged), oldest first, filtered like the proposal list. Each "
        "feature is a point with the proposal's id, title, status, cost and page. Proposals "
        "hidden by moderators never appear.",
        tags=[TAG],
        parameters=[SLUG, ProposalQuerySerializer],
        responses={
            200: ProposalFeatureCollectionSerializer,
            400: OpenApiResponse(
                query_errors("ProposalMapQueryErrors", ["envelope", "status", "category", "q"]),
                description="A filter has a value it cannot take.",
            ),
            404: _not_found("There is no process with this slug."),
        },
    )
    def get(self, request, slug: str):
        process = _process(slug)
        query = _query(ProposalQuerySerializer, request)
        proposals = api_selectors.public_located_proposals(
            process=process, envelope=query.get("envelope"), status=query.get("status", ""),
            category=query.get("category", ""), text=query.get("q", ""),
        )
        body = proposal_features(proposals, request=request)
        return Response(ProposalFeatureCollectionSerializer(body).data)
