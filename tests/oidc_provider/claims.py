from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.people import PEOPLE


class Claims(OAuth2Validator):
    def get_additional_claims(self, request):
        person = PEOPLE[request.user.username]
        return {"name": person["name"], "email": person["email"], "email_verified": True,
                "birthdate": person["birthdate"],
                "address": {"postal_code": person["postal_code"], "country": "GB"}}
