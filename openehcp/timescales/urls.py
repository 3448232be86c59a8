app_name = "timescales"
urlpatterns = []
