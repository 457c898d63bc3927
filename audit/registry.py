"""Which configuration tables django-auditlog watches, and which of their columns it leaves out.

Every create, change and delete of a row of these models, from the admin, a service or a
command, becomes an `auditlog.LogEntry` with the fields before and after, the actor and the
client's address (`audit.middleware`). Columns that are secret (the password hash) or that change
on their own (timestamps, counters of failed sign-ins, derived search keys) are not kept.
Bulk `QuerySet.update()` sends no signal: code that changes these tables saves row by row.
"""

from auditlog.registry import auditlog
from django.apps import apps

# Never in a log entry, whatever the model.
ALWAYS_EXCLUDED = ["created_at", "updated_at"]

# "app_label.Model": {options for auditlog.register}
WATCHED: dict[str, dict] = {
    # people and roles
    "accounts.User": {"exclude_fields": ["password", "last_login", "failed_login_count"]},
    "accounts.Membership": {},
    # who may act for which company, and who confirmed it (decision 0079)
    "accounts.Company": {},
    "accounts.CompanyMembership": {},
    # organisation
    "orgs.Region": {},
    "orgs.Province": {},
    "orgs.OrgUnit": {},
    "orgs.CounterOffice": {},
    # business calendar
    "core.Holiday": {},
    # the texts of SMS and email (notifications.texts)
    "notifications.NotificationTemplate": {},
    # catalogue: services and their agreements
    "catalogue.Service": {"exclude_fields": ["search_key"], "m2m_fields": {"responsible_units"}},
    "catalogue.ServiceField": {},
    "catalogue.RequiredDocument": {},
    "catalogue.WorkflowStep": {},
    "catalogue.ServiceLevelAgreement": {},
    # complaints: the subjects offered
    "complaints.ComplaintSubject": {},
    # which client speaks for which national complaint system, and where Miz pulls from (the
    # remote's token never in the trail; the cursor and the pull's outcome change every run)
    "complaints.SystemLink": {
        "exclude_fields": ["pull_token", "cursor", "last_pulled_at", "last_error", "last_error_at"]
    },
    # counter offices: licences and scoring
    "counters.Licence": {},
    "counters.Criterion": {},
    "counters.ViolationItem": {},
    "counters.RankThreshold": {},
    "counters.DelegationRule": {},
    "counters.Discipline": {},
    "counters.Facility": {},
    # API client systems: who may call what for which places; tokens issued and revoked (the
    # digest is no secret worth hiding, but it is no help to a reader either)
    "apiclients.ApiClient": {"m2m_fields": {"offices", "units", "provinces"}},
    "apiclients.ApiToken": {"exclude_fields": ["digest"]},
    # webhooks: who receives which events where (the signing secret is never written to the trail)
    "webhooks.Subscription": {"exclude_fields": ["secret"]},
    # performance: what can be planned and when, the data-quality rules, reopened periods
    "performance.PlanVersion": {},
    "performance.Period": {},
    "performance.ValidationRule": {},
    "performance.LockException": {},
}


def watched_models() -> list:
    return [apps.get_model(label) for label in WATCHED]


def register_all() -> None:
    for label, options in WATCHED.items():
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        options = dict(options)
        options["exclude_fields"] = [*ALWAYS_EXCLUDED, *options.get("exclude_fields", [])]
        auditlog.register(model, **options)
