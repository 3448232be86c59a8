from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .ratelimit import failed, rate_limit

app_name = "accounts"
urlpatterns = [
    path(
        "sign-in",
        rate_limit("sign_in", count=failed)(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("password", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/new", views.password_choose, name="password_choose"),
    path("password-reset", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/set-up", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify", views.two_factor_verify, name="two_factor_verify"),
    path("users/", views.user_list, name="user_list"),
    path("users/new", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit", views.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/password", views.user_set_password, name="user_set_password"),
    path("users/<int:pk>/unlock", views.user_unlock, name="user_unlock"),
    path(
        "users/<int:pk>/reset-two-factor",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
]
