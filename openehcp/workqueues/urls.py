app_name = "workqueues"
urlpatterns = []
