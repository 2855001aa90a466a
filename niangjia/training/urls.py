from niangjia.training.urls_contests import urlpatterns as contest_urls
from niangjia.training.urls_courses import urlpatterns as course_urls

app_name = "training"

urlpatterns = course_urls + contest_urls
