from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "DATASET_LICENCE": settings.DATASET_LICENCE}
