"""The API's status codes in Persian: the schema's answers where a router did not say
(`miz.api`), and the table of the API guide's page, which must not import django-ninja (a web
worker imports it on its first API call only: `core.lazyurls`)."""

# What each status code means, in Persian (the schema's answers, where a router did not say, and
# the guide's table).
STATUS_TEXTS = {
    200: "انجام شد.",
    201: "ساخته شد.",
    202: "پذیرفته شد.",
    400: "درخواست نادرست است (مثلاً بدنه JSON نیست).",
    401: "توکن فرستاده نشده، شناخته نشد، منقضی یا باطل شده است.",
    403: "این سامانه دسترسی (scope) یا مکانِ لازم برای این کار را ندارد.",
    404: "یافت نشد، یا از مکان‌های این سامانه نیست.",
    409: "با درخواستی که پیش‌تر ثبت شده ناسازگار است (مثلاً client_key تکراری برای متقاضی دیگر).",
    413: "حجم بدنه درخواست از سقف مجاز بیشتر است.",
    422: "مقداری از ورودی نادرست است یا قواعد خدمت آن را نمی‌پذیرد؛ errors فیلدها را نام می‌برد.",
    429: "بیش از سقف مجاز؛ سرآیند Retry-After می‌گوید چند ثانیه صبر کنید.",
}
