from django.contrib import admin

from .models import AddressPoint, Building, StreetSegment


@admin.register(StreetSegment)
class StreetSegmentAdmin(admin.ModelAdmin):
    list_display = ("name", "highway", "osm_id")
    search_fields = ("name", "name_key")
    readonly_fields = ("imported_at",)


@admin.register(AddressPoint)
class AddressPointAdmin(admin.ModelAdmin):
    list_display = ("street", "housenumber", "osm_type", "osm_id")
    search_fields = ("street", "street_key")


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ("osm_id", "building", "levels", "height")

