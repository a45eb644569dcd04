"""What each standing page says until the council writes its own words."""

from django.utils.translation import gettext as _

from budgeting.council.models import SitePage


def default_text(key: str) -> str:
    texts = {
        SitePage.Key.PRIVACY: _(
            "The council runs this service with its partners for its participatory budgeting "
            "rounds. The council is the data controller.\n\n"
            "To contact the council's data protection officer, use the contact page."),
        SitePage.Key.COOKIES: _(
            "We use only the cookies the service needs to work. There are no analytics, "
            "advertising or tracking cookies, so there is nothing to accept or refuse."),
        SitePage.Key.CONTACT: _(
            "For questions about a round, an idea or your vote, contact the council's "
            "community engagement team.\n\n"
            "## Help to take part\n\n"
            "You can ask for a paper ballot, help at a voting event, or this information in "
            "another format or language."),
        SitePage.Key.ACCESSIBILITY: _(
            "This statement applies to this participatory budgeting service. The council "
            "wants as many people as possible to be able to use it. You should be able to:\n\n"
            "- change colours, contrast levels and fonts\n"
            "- zoom in up to 400% without the text spilling off the screen\n"
            "- use every page with a keyboard alone\n"
            "- use every page with a screen reader\n\n"
            "## How accessible this service is\n\n"
            "Every page is checked automatically for the Web Content Accessibility Guidelines "
            "(WCAG) 2.2 level AA on a wide screen and at 320 pixels wide, and the main "
            "journeys are tested with a keyboard.\n\n"
            "## Feedback and contact information\n\n"
            "If you need information in another format, or find a problem not listed here, "
            "use the contact page.\n\n"
            "## Enforcement procedure\n\n"
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018. If you are not happy with how we respond to your complaint, "
            "contact the Equality Advisory and Support Service (EASS): "
            "https://www.equalityadvisoryservice.com/\n\n"
            "## Problems we know about\n\n"
            "Where a check or a resident finds a problem, it is listed here with the date it "
            "will be fixed by."),
    }
    return texts[SitePage.Key(key)]
