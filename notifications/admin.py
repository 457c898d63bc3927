"""Read-only list of notifications with their delivery state and a "retry now" action; the
editor of each event's notification texts."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin import MizModelAdmin, ReadOnlyAdminMixin
from core.jalali import format_datetime
from core.outcome import perform_in_form
from notifications import selectors, services, text_services, texts
from notifications.forms import TemplateForm
from notifications.models import Notification, NotificationTemplate


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, MizModelAdmin):
    list_display = ["id", "created", "event", "channel", "masked", "status", "attempts", "sent", "last_error"]
    list_filter = ["status", "channel", "event"]
    search_fields = ["event", "recipient", "provider_id", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    list_select_related = ["user"]

    def has_retry_permission(self, request) -> bool:
        # Rows are never edited by hand; sending one again needs the model's change permission.
        return request.user.has_perm("notifications.change_notification")

    @admin.display(description="ایجاد", ordering="created_at")
    def created(self, obj: Notification) -> str:
        return format_datetime(obj.created_at)

    @admin.display(description="ارسال", ordering="sent_at")
    def sent(self, obj: Notification) -> str:
        return format_datetime(obj.sent_at) if obj.sent_at else "—"

    @admin.display(description="گیرنده", ordering="recipient")
    def masked(self, obj: Notification) -> str:
        return obj.masked_recipient

    @admin.action(description="ارسال دوباره همین حالا", permissions=["retry"])
    def retry_now(self, request, queryset):
        count = services.retry_now(queryset)
        self.message_user(request, f"{count} اعلان دوباره در صف ارسال قرار گرفت.", messages.SUCCESS)


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(MizModelAdmin):
    """Every declared event's texts (notifications.texts): the list says which are edited; the
    edit page shows the variables, previews the message with sample values and its SMS length,
    saves a checked edit and restores the default. Rows exist only for edited events, so the
    list and the edit page are the registry's, not the table's."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "restore default" is the delete, with its own permission check

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", wrap(self.changelist_view), name=f"{prefix}_changelist"),
            path("<str:code>/change/", wrap(self.edit_view), name=f"{prefix}_change"),
            path("<str:code>/restore/", wrap(self.restore_view), name=f"{prefix}_restore"),
        ]

    def _context(self, request, title: str, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "has_change_permission": self.has_change_permission(request),
            **extra,
        }

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        rows = [
            {
                "event": event,
                "row": row,
                "updated": format_datetime(row.updated_at) if row else "",
                "stale": bool(row) and selectors.stale(event, row),
                "length": texts.sms_length(
                    texts.render(event, selectors.texts_of(event, row), event.samples).sms
                ).short(),
            }
            for event, row in selectors.event_rows()
        ]
        context = self._context(request, "متن پیامک‌ها و رایانامه‌ها", rows=rows)
        return TemplateResponse(request, "admin/notifications/notificationtemplate/list.html", context)

    def _event(self, code: str) -> texts.Event:
        try:
            return texts.get(code)
        except LookupError:
            raise Http404("چنین رویدادی نیست.") from None

    def _attempt(self, request, form, action, **arguments) -> bool:
        """Run `action` on the form's texts; a refusal becomes the form's errors and a message."""
        if form.is_valid() and perform_in_form(form, action, by_field=True, **arguments, **form.cleaned_data):
            return True
        self.message_user(request, "متن ذخیره نشد؛ خطاهای زیر را برطرف کنید.", messages.ERROR)
        return False

    def edit_view(self, request, code: str):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if code.isdecimal() and len(code) < 18:
            # Django's own links (the audit log's) name a row by its id: go to its event's page.
            row = get_object_or_404(NotificationTemplate, pk=int(code))
            return redirect("admin:notifications_notificationtemplate_change", row.event)
        event = self._event(code)
        current_row = selectors.stored(event)
        current = selectors.texts_of(event, current_row)
        shown, preview = current, None
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            form = TemplateForm(request.POST)
            if "_preview" in request.POST:
                checked = self._attempt(request, form, text_services.clean_texts, event=event)
                shown = text_services.clean_texts(event, **form.cleaned_data) if checked else None
            elif self._attempt(request, form, text_services.save_template, event=event, actor=request.user):
                done = (
                    "ذخیره شد" if selectors.stored(event) else "با متن پیش‌فرض یکی است و پیش‌فرض به کار می‌رود"
                )
                self.message_user(request, f"متن «{event.label}» {done}.", messages.SUCCESS)
                return redirect(request.path)
            else:
                shown = None
        else:
            form = TemplateForm(
                initial={
                    "sms_body": current.sms,
                    "email_subject": current.subject,
                    "email_body": current.email,
                }
            )
        if shown is not None:
            preview = texts.render(event, shown, event.samples)
        context = self._context(
            request,
            f"ویرایش متن: {event.label}",
            event=event,
            form=form,
            customised=current.customised,
            stale=current_row is not None and not current.customised,
            default=texts.defaults(event),
            preview=preview,
            preview_length=texts.sms_length(preview.sms).describe() if preview else "",
            restore_url=reverse("admin:notifications_notificationtemplate_restore", args=[event.code]),
            list_url=reverse("admin:notifications_notificationtemplate_changelist"),
        )
        return TemplateResponse(request, "admin/notifications/notificationtemplate/edit.html", context)

    def restore_view(self, request, code: str):
        event = self._event(code)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        if text_services.restore_default(actor=request.user, event=event):
            self.message_user(request, f"متن پیش‌فرض «{event.label}» بازگردانده شد.", messages.SUCCESS)
        else:
            self.message_user(request, "این رویداد همین حالا متن پیش‌فرض را به کار می‌برد.", messages.INFO)
        return redirect("admin:notifications_notificationtemplate_change", event.code)
