from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.accounts.forms import SignUpForm
from budgeting.pages import posted


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.create_user(
                username=data["email"], email=data["email"], password=data["password"],
                first_name=data["name"],
            )
        login(request, user, backend="budgeting.accounts.auth.EmailBackend")
        messages.success(request, _("Your account has been created. You are signed in."))
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form,
                                                        "next": request.GET.get("next", "")})
