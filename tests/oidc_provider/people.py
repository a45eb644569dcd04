"""The people the loopback identity provider knows (no Django needed to read them)."""

# The people this provider knows, as a verified identity service holds them.
PEOPLE = {
    "morag": {"password": "heron-lantern-quay-42", "name": "Morag Campbell",
              "email": "morag@example.com", "birthdate": "1990-03-27",
              "postal_code": "RV1 2AB"},
    "calum": {"password": "heron-lantern-quay-42", "name": "Calum Reid",
              "email": "calum@example.com", "birthdate": "2015-06-01",
              "postal_code": "RV1 2AB"},
    "ishbel": {"password": "heron-lantern-quay-42", "name": "Ishbel Ross",
               "email": "ishbel@example.com", "birthdate": "1962-11-02",
               "postal_code": "ZZ9 9ZZ"},
}
