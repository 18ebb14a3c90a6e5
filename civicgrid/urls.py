from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from civicgrid import media
from civicgrid.api import api
from civicgrid.api import unknown as unknown_api
from civicgrid.lib import codes
from civicgrid.people import auth, landing

codes.register_converters()  # before include() reads the apps' URL files

admin.site.site_header = "城管进社区服务平台 · 管理后台"
admin.site.site_title = "CivicGrid 管理后台"
admin.site.login_form = auth.AdminLoginForm

urlpatterns = [
    # Ahead of admin.site.urls: its own login page, answering 429 while a login is locked.
    path("admin/login/", auth.throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    path(
        "login/",
        auth.throttled(auth_views.LoginView.as_view(authentication_form=auth.LoginForm)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", landing.start, name="start"),
    path("account/", include("civicgrid.people.urls")),
    path("cases/", include("civicgrid.cases.urls")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_api),
    path("field/", include("civicgrid.field.urls")),
    path("duties/", include("civicgrid.duties.urls")),
    path("shops/", include("civicgrid.shops.urls")),
    path("volunteers/", include("civicgrid.volunteers.urls")),
    path("open311/", include("civicgrid.open311.urls")),
    path("notifications/", include("civicgrid.notify.urls")),
    path("", include("civicgrid.community.urls")),
    path("consult/", include("civicgrid.consult.urls")),
    path("liaison/", include("civicgrid.liaison.urls")),
    path("council/", include("civicgrid.council.urls")),
    path("map/", include("civicgrid.amenities.urls")),
    path("guide/", include("civicgrid.catalog.urls")),
    path("", include("civicgrid.stations.urls")),
    path("", include("civicgrid.intake.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch
    # Every stored file is checked here; a proxy may send it (CIVICGRID_MEDIA_ACCEL_REDIRECT).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.serve, name="media"),
]

handler400 = "civicgrid.lib.errors.bad_request"
handler403 = "civicgrid.lib.errors.permission_denied"
handler404 = "civicgrid.lib.errors.page_not_found"
handler500 = "civicgrid.lib.errors.server_error"
