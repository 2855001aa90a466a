from django.urls import path

from niangjia.training import views_courses as views
from niangjia.training import views_courses_staff as staff

urlpatterns: list = [
    path("", views.home, name="home"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("courses/<int:course_id>/enroll/", views.enroll, name="enroll"),
    path("lessons/<int:lesson_id>/", views.lesson, name="lesson"),
    path("lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("lessons/<int:lesson_id>/video/", views.lesson_video, name="lesson_video"),
    path("lessons/<int:lesson_id>/pdf/", views.lesson_pdf, name="lesson_pdf"),
    path("lessons/<int:lesson_id>/poster/", views.lesson_poster, name="lesson_poster"),
    path("mine/", views.mine, name="mine"),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/verify/<str:token>/", views.verify, name="verify"),
    path("workbench/", staff.workbench, name="workbench"),
    path("workbench/courses/new/", staff.course_new, name="course_new"),
    path("workbench/courses/<int:course_id>/", staff.course_manage, name="course_manage"),
    path("workbench/courses/<int:course_id>/status/", staff.course_status, name="course_status"),
    path("workbench/courses/<int:course_id>/lessons/", staff.lesson_add, name="lesson_add"),
    path("workbench/lessons/<int:lesson_id>/poster/", staff.poster_upload, name="poster_upload"),
    path("workbench/lessons/<int:lesson_id>/uploads/", staff.upload_start, name="upload_start"),
    path("workbench/uploads/<str:token>/", staff.upload_chunk, name="upload_chunk"),
    path("workbench/certificates/", staff.certificates, name="certificates"),
    path("workbench/certificates/<int:certificate_id>/revoke/", staff.certificate_revoke, name="certificate_revoke"),
    path("workbench/stats/", staff.stats, name="stats"),
]
