"""The accounts app's pages (URL names `accounts:…`)."""

from django.urls import path

from accounts import profile, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.code_sign_in_view, name="code_sign_in"),
    path("login/code/verify/", views.code_sign_in_verify_view, name="code_sign_in_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup_view, name="signup"),
    path("signup/verify/", views.signup_verify_view, name="signup_verify"),
    path("signup/resend/", views.signup_resend_view, name="signup_resend"),
    path("password-reset/", views.reset_request_view, name="reset_request"),
    path("password-reset/confirm/", views.reset_confirm_view, name="reset_confirm"),
    path("profile/", profile.profile_view, name="profile"),
    path("profile/mobile/", profile.mobile_change_view, name="mobile_change"),
    path("profile/mobile/verify/", profile.mobile_verify_view, name="mobile_verify"),
    path("profile/companies/", profile.add_company_view, name="add_company"),
    path("profile/companies/<id:pk>/confirm/", profile.confirm_membership_view, name="confirm_membership"),
    path("profile/companies/<id:pk>/revoke/", profile.revoke_membership_view, name="revoke_membership"),
]
