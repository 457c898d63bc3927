app_name = "counters"

urlpatterns: list = []
