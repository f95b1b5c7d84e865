"""Referral.case_id and request_id were plain integers while the cases and errands apps were
being written; they become foreign keys. Existing numbers are kept where the record exists."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def link(apps, schema_editor):
    Referral = apps.get_model("partners", "Referral")
    Case = apps.get_model("cases", "Case")
    ServiceRequest = apps.get_model("errands", "ServiceRequest")
    cases = set(Case.objects.values_list("pk", flat=True))
    requests = set(ServiceRequest.objects.values_list("pk", flat=True))
    for referral in Referral.objects.exclude(legacy_case_id=None, legacy_request_id=None):
        referral.case_id = referral.legacy_case_id if referral.legacy_case_id in cases else None
        referral.request_id = (
            referral.legacy_request_id if referral.legacy_request_id in requests else None
        )
        referral.save(update_fields=["case", "request"])
    History = apps.get_model("partners", "HistoricalReferral")  # no constraint: keep the numbers
    History.objects.update(case_id=F("legacy_case_id"), request_id=F("legacy_request_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("errands", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("referral", "case_id", "legacy_case_id"),
        migrations.RenameField("referral", "request_id", "legacy_request_id"),
        migrations.RenameField("historicalreferral", "case_id", "legacy_case_id"),
        migrations.RenameField("historicalreferral", "request_id", "legacy_request_id"),
        migrations.AddField(
            model_name="referral",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="referrals",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="referrals",
                to="errands.servicerequest",
                verbose_name="service request",
            ),
        ),
        migrations.AddField(
            model_name="historicalreferral",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="historicalreferral",
            name="request",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="errands.servicerequest",
                verbose_name="service request",
            ),
        ),
        migrations.RunPython(link, migrations.RunPython.noop),
        migrations.RemoveField("referral", "legacy_case_id"),
        migrations.RemoveField("referral", "legacy_request_id"),
        migrations.RemoveField("historicalreferral", "legacy_case_id"),
        migrations.RemoveField("historicalreferral", "legacy_request_id"),
    ]
