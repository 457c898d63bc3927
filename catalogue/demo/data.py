"""Demo catalogue data: the form fields, documents and steps services are built from, and the services.

Literal tables only; `catalogue.demo.seed` loads them. The services' IDs, fees and durations are invented.
"""

from accounts.models import Role
from catalogue.models import Area

MB = 1024 * 1024
LEGAL_BASIS = "قانون تقویت و توسعه نظام استاندارد و آیین‌نامه‌ها و دستورالعمل‌های اجرایی آن."
CONTACT = "میز خدمت حضوری اداره کل استاندارد استان یا ستاد سازمان؛ صدای استاندارد: ۱۵۱۷."

# Reusable building blocks: (name, label, kind, required, help text, choices)
F_PRODUCT = ("product_name", "نام کالا", "text", True, "نام کالا همان‌گونه که روی برچسب می‌آید.", "")
F_BRAND = ("brand", "نام تجاری", "text", True, "", "")
F_STANDARD = ("standard_number", "شماره استاندارد ملی مرتبط", "text", True, "مانند ۱۵۶۸.", "")
F_SITE = ("production_address", "نشانی محل تولید", "long_text", True, "", "")
F_CAPACITY = ("annual_capacity", "ظرفیت تولید سالانه", "integer", False, "به واحد کالا.", "")
F_LICENCE_NO = ("licence_number", "شماره پروانه فعلی", "text", True, "", "")
F_LICENCE_EXPIRY = ("licence_expiry", "تاریخ پایان اعتبار پروانه فعلی", "jalali_date", True, "", "")
F_DECL_NO = ("declaration_number", "شماره اظهارنامه گمرکی", "text", True, "", "")
F_HS = ("tariff_code", "کد تعرفه (HS)", "text", True, "", "")
F_COUNTRY = ("country", "کشور مبدأ یا مقصد", "text", True, "", "")
F_BUILDING = ("building_address", "نشانی ساختمان", "long_text", True, "", "")
F_ELEVATOR_TYPE = ("elevator_type", "نوع آسانسور", "choice", True, "", "کششی\nهیدرولیک\nبالابر خودرو")
F_STOPS = ("stops", "تعداد توقف", "integer", True, "", "")
F_OWNER_MOBILE = ("manager_mobile", "شماره همراه مدیر ساختمان", "mobile", True, "", "")
F_MODEL = ("vehicle_model", "نام و مدل خودرو یا موتورسیکلت", "text", True, "", "")
F_VEHICLE_KIND = ("vehicle_kind", "نوع وسیله", "choice", True, "", "خودرو سواری\nخودرو تجاری\nموتورسیکلت")
F_IMPORTED = ("is_imported", "وارداتی است؟", "yes_no", True, "", "")
F_METAL = ("metal", "نوع فلز", "choice", True, "", "طلا\nنقره\nپلاتین")
F_PIECES = ("pieces", "تعداد قطعات", "integer", True, "", "")
F_INSTRUMENT = ("instrument_kind", "نوع وسیله توزین", "choice", True, "", "باسکول\nترازوی الکترونیکی\nقپان")
F_INSTRUMENT_COUNT = ("instrument_count", "تعداد وسایل", "integer", True, "", "")
F_STATION = ("station_name", "نام جایگاه سوخت", "text", True, "", "")
F_FUEL = ("fuel", "نوع سوخت", "choice", True, "", "بنزین\nنفت گاز\nCNG")
F_NOZZLES = ("nozzle_count", "تعداد نازل", "integer", True, "", "")
F_LAB_SCOPE = ("scope", "دامنه آزمون‌های درخواستی", "long_text", True, "هر آزمون در یک سطر.", "")
F_INSPECTION_SCOPE = ("scope", "حوزه‌های بازرسی درخواستی", "long_text", True, "", "")
F_CEO_CODE = ("ceo_national_code", "کد ملی مدیرعامل", "national_code", True, "", "")
F_COMPANY_ID = ("company_legal_id", "شناسه ملی شرکت", "legal_id", True, "", "")
F_DEGREE = ("degree", "مدرک تحصیلی", "choice", True, "", "کارشناسی\nکارشناسی ارشد\nدکتری")
F_FIELD_OF_STUDY = ("field_of_study", "رشته تحصیلی", "text", True, "", "")
F_EXPERIENCE = ("experience_years", "سابقه کار مرتبط (سال)", "number", True, "", "")
F_COURSE = (
    "course",
    "عنوان دوره",
    "choice",
    True,
    "",
    "آشنایی با استاندارد ISO/IEC 17025\nمدیران کنترل کیفیت\nکارشناسان استاندارد",
)
F_COURSE_DATE = ("preferred_date", "تاریخ پیشنهادی شرکت در دوره", "jalali_date", False, "", "")
F_SUBJECT = ("subject", "موضوع شکایت", "text", True, "", "")
F_COMPLAINT = ("details", "شرح شکایت", "long_text", True, "آنچه رخ داده، زمان و مکان آن.", "")
F_AGAINST = (
    "against",
    "شکایت از",
    "choice",
    True,
    "",
    "کالا یا خدمت غیراستاندارد\nواحد یا کارکنان سازمان\nدفتر پیشخوان",
)
F_CONTACT_MOBILE = ("contact_mobile", "شماره همراه برای پیگیری", "mobile", True, "", "")

# (title, max size, formats, required)
D_ESTABLISHMENT = ("پروانه بهره‌برداری یا جواز تأسیس واحد تولیدی", 2 * MB, "pdf,jpeg", True)
D_COMPANY = ("آگهی تأسیس و آخرین تغییرات شرکت در روزنامه رسمی", 2 * MB, "pdf", True)
D_TEST_REPORT = ("گزارش آزمون از آزمایشگاه همکار", 5 * MB, "pdf", True)
D_QC = ("مدارک مدیر کنترل کیفیت", 2 * MB, "pdf,jpeg", True)
D_LABEL = ("نمونه برچسب کالا", 2 * MB, "pdf,jpeg,png", False)
D_CURRENT_LICENCE = ("تصویر پروانه فعلی", 2 * MB, "pdf,jpeg", True)
D_INVOICE = ("پیش‌فاکتور یا سیاهه خرید", 2 * MB, "pdf,jpeg", True)
D_COO = ("گواهی مبدأ", 2 * MB, "pdf,jpeg", False)
D_COI = ("گواهی بازرسی از شرکت بازرسی", 5 * MB, "pdf", True)
D_INSPECTION_REPORT = ("گزارش بازرسی شرکت بازرسی ذی‌صلاح", 5 * MB, "pdf", True)
D_TECH_FILE = ("پرونده فنی", 10 * MB, "pdf,zip", True)
D_QUALITY_MANUAL = ("نظامنامه کیفیت", 10 * MB, "pdf,docx", True)
D_STAFF = ("فهرست کارکنان فنی و مدارک آن‌ها", 5 * MB, "pdf,xlsx", True)
D_CALIBRATION = ("گواهی‌های کالیبراسیون تجهیزات", 10 * MB, "pdf,zip", True)
D_ID_CARD = ("تصویر کارت ملی (پشت و رو در یک پرونده)", 2 * MB, "pdf,jpeg", True)
D_DEGREE = ("تصویر مدرک تحصیلی", 2 * MB, "pdf,jpeg", True)
D_EXPERIENCE = ("گواهی سابقه کار", 2 * MB, "pdf,jpeg", False)
D_EVIDENCE = ("مستندات شکایت (عکس، فاکتور و …)", 5 * MB, "pdf,jpeg,png", False)

# (title, role, working days, may need the applicant's presence)
S_INTAKE = ("بررسی کامل بودن مدارک", Role.STAFF_EXPERT, 2, False)
S_VISIT = ("بازدید از واحد تولیدی و نمونه‌برداری", Role.STAFF_EXPERT, 5, False)
S_LAB = ("آزمون نمونه در آزمایشگاه همکار", Role.STAFF_EXPERT, 10, False)
S_COMMITTEE = ("بررسی در کمیته علائم و تصمیم‌گیری", Role.UNIT_HEAD, 5, False)
S_ISSUE = ("صدور و ارسال الکترونیکی پروانه", Role.STAFF_EXPERT, 2, False)
S_REVIEW = ("بررسی کارشناسی", Role.STAFF_EXPERT, 3, False)
S_APPROVE = ("تأیید رئیس واحد", Role.UNIT_HEAD, 2, False)
S_DECL_CHECK = ("بررسی اظهارنامه و گواهی بازرسی", Role.STAFF_EXPERT, 2, False)
S_SAMPLE_IF_NEEDED = ("نمونه‌برداری در صورت لزوم", Role.STAFF_EXPERT, 3, True)
S_RELEASE = ("صدور مجوز ترخیص یا صدور", Role.STAFF_EXPERT, 1, False)
S_INSPECTION = ("بررسی گزارش بازرسی شرکت بازرسی", Role.STAFF_EXPERT, 5, False)
S_CERT = ("صدور گواهینامه", Role.STAFF_EXPERT, 2, False)
S_ASSESS = ("ارزیابی میدانی", Role.STAFF_EXPERT, 10, False)
S_ACCREDIT_COMMITTEE = ("تصمیم کمیته تأیید صلاحیت", Role.UNIT_HEAD, 10, False)
S_DELIVERY = ("تحویل قطعات به میز خدمت حضوری", Role.STAFF_EXPERT, 1, True)
S_ASSAY = ("آزمون عیار و انگ‌گذاری", Role.STAFF_EXPERT, 3, False)
S_RETURN = ("تحویل قطعات انگ‌خورده", Role.STAFF_EXPERT, 1, True)
S_SITE_TEST = ("آزمون در محل و پلمپ‌گذاری", Role.STAFF_EXPERT, 5, False)
S_EXAM = ("آزمون کتبی و مصاحبه", Role.STAFF_EXPERT, 10, True)
S_ENROL = ("ثبت‌نام و اعلام زمان دوره", Role.STAFF_EXPERT, 3, False)
S_COURSE = ("برگزاری دوره و صدور گواهی", Role.STAFF_EXPERT, 5, False)
S_ASSIGN = ("ارجاع به واحد مسئول", Role.STAFF_EXPERT, 1, False)
S_INVESTIGATE = ("بررسی و پیگیری", Role.STAFF_EXPERT, 7, False)
S_ANSWER = ("پاسخ به شاکی", Role.UNIT_HEAD, 2, False)

LICENCE_FIELDS = [F_PRODUCT, F_BRAND, F_STANDARD, F_SITE, F_CAPACITY]
LICENCE_DOCS = [D_ESTABLISHMENT, D_COMPANY, D_TEST_REPORT, D_QC, D_LABEL]
LICENCE_STEPS = [S_INTAKE, S_VISIT, S_LAB, S_COMMITTEE, S_ISSUE]
RENEWAL_FIELDS = [F_LICENCE_NO, F_LICENCE_EXPIRY, F_PRODUCT]
RENEWAL_DOCS = [D_CURRENT_LICENCE, D_TEST_REPORT, D_QC]
RENEWAL_STEPS = [S_INTAKE, S_LAB, S_APPROVE, S_ISSUE]

# (sample id, title, area, HQ office codes, natural?, legal?, channels (online, counter, in person),
#  fee rials (None = free), fields, documents, steps, description)
SERVICES = [
    (
        "10031900011",
        "صدور پروانه کاربرد علامت استاندارد اجباری",
        Area.CONFORMITY,
        ["HQ-SUP-FOOD", "HQ-SUP-METAL", "HQ-SUP-NONMETAL"],
        False,
        True,
        (True, True, False),
        12_000_000,
        LICENCE_FIELDS,
        LICENCE_DOCS,
        LICENCE_STEPS,
        "صدور پروانه کاربرد علامت استاندارد برای کالاهای مشمول استاندارد اجباری، "
        "پس از ارزیابی واحد تولیدی و آزمون نمونه.",
    ),
    (
        "10031900012",
        "تمدید پروانه کاربرد علامت استاندارد اجباری",
        Area.CONFORMITY,
        ["HQ-SUP-FOOD", "HQ-SUP-METAL", "HQ-SUP-NONMETAL"],
        False,
        True,
        (True, True, False),
        8_000_000,
        RENEWAL_FIELDS,
        RENEWAL_DOCS,
        RENEWAL_STEPS,
        "تمدید اعتبار پروانه کاربرد علامت استاندارد اجباری پیش از پایان اعتبار آن.",
    ),
    (
        "10031900013",
        "صدور پروانه کاربرد علامت استاندارد تشویقی",
        Area.CONFORMITY,
        ["HQ-QA-GOODS"],
        False,
        True,
        (True, True, False),
        10_000_000,
        LICENCE_FIELDS,
        LICENCE_DOCS,
        LICENCE_STEPS,
        "صدور پروانه کاربرد علامت استاندارد برای کالاهایی که "
        "به‌صورت داوطلبانه (تشویقی) استاندارد را اجرا می‌کنند.",
    ),
    (
        "10031900014",
        "تمدید پروانه کاربرد علامت استاندارد تشویقی",
        Area.CONFORMITY,
        ["HQ-QA-GOODS"],
        False,
        True,
        (True, True, False),
        7_000_000,
        RENEWAL_FIELDS,
        RENEWAL_DOCS,
        RENEWAL_STEPS,
        "تمدید اعتبار پروانه کاربرد علامت استاندارد تشویقی.",
    ),
    (
        "10031900015",
        "صدور مجوز کاربرد علامت استاندارد",
        Area.CONFORMITY,
        ["HQ-QA-GOODS"],
        False,
        True,
        (True, True, False),
        5_000_000,
        [F_PRODUCT, F_BRAND, F_STANDARD],
        [D_COMPANY, D_TEST_REPORT],
        [S_INTAKE, S_REVIEW, S_APPROVE, S_ISSUE],
        "صدور مجوز کاربرد علامت استاندارد برای کالا یا محموله مشخص.",
    ),
    (
        "10031900016",
        "صدور گواهی انطباق معیار مصرف انرژی",
        Area.CONFORMITY,
        ["HQ-SUP-ENERGY"],
        False,
        True,
        (True, True, False),
        6_000_000,
        [F_PRODUCT, F_BRAND, F_STANDARD, F_IMPORTED],
        [D_COMPANY, D_TEST_REPORT, D_LABEL],
        [S_INTAKE, S_LAB, S_APPROVE, S_ISSUE],
        "صدور گواهی انطباق با معیار مصرف انرژی و برچسب انرژی برای وسایل انرژی‌بر.",
    ),
    (
        "10031900017",
        "صدور پروانه کاربرد نشان حد مجاز آلاینده‌ها در محصولات کشاورزی",
        Area.CONFORMITY,
        ["HQ-SUP-FOOD"],
        True,
        True,
        (True, True, False),
        4_000_000,
        [F_PRODUCT, F_SITE, F_CAPACITY],
        [D_ESTABLISHMENT, D_TEST_REPORT],
        [S_INTAKE, S_VISIT, S_LAB, S_ISSUE],
        "صدور پروانه کاربرد نشان حد مجاز آلاینده‌ها برای محصولات کشاورزی که "
        "آزمون باقیمانده سموم و آلاینده‌ها را گذرانده‌اند.",
    ),
    (
        "10031900018",
        "بررسی اظهارنامه‌های وارداتی مشمول مقررات استاندارد اجباری",
        Area.IMPORT_EXPORT,
        ["HQ-QA-TRADE"],
        True,
        True,
        (True, True, False),
        2_000_000,
        [F_DECL_NO, F_HS, F_PRODUCT, F_COUNTRY],
        [D_INVOICE, D_COO, D_COI],
        [S_DECL_CHECK, S_SAMPLE_IF_NEEDED, S_RELEASE],
        "بررسی اظهارنامه واردات کالای مشمول استاندارد اجباری و صدور مجوز ترخیص.",
    ),
    (
        "10031900019",
        "بررسی اظهارنامه‌های صادراتی مشمول مقررات استاندارد اجباری",
        Area.IMPORT_EXPORT,
        ["HQ-QA-TRADE"],
        True,
        True,
        (True, True, False),
        1_500_000,
        [F_DECL_NO, F_HS, F_PRODUCT, F_COUNTRY],
        [D_INVOICE, D_COI],
        [S_DECL_CHECK, S_SAMPLE_IF_NEEDED, S_RELEASE],
        "بررسی اظهارنامه صادرات کالای مشمول استاندارد اجباری صادراتی.",
    ),
    (
        "10031900020",
        "صدور گواهینامه آسانسور",
        Area.CONFORMITY,
        ["HQ-SUP-METAL"],
        True,
        True,
        (True, True, False),
        3_000_000,
        [F_BUILDING, F_ELEVATOR_TYPE, F_STOPS, F_OWNER_MOBILE],
        [D_INSPECTION_REPORT],
        [S_INTAKE, S_INSPECTION, S_CERT],
        "صدور گواهینامه ایمنی آسانسور بر پایه گزارش بازرسی شرکت بازرسی تأیید صلاحیت‌شده.",
    ),
    (
        "10031900021",
        "صدور و تمدید تأیید صلاحیت شرکت‌های بازرسی کننده کالا",
        Area.ACCREDITATION,
        ["HQ-NACI"],
        False,
        True,
        (True, False, False),
        20_000_000,
        [F_COMPANY_ID, F_CEO_CODE, F_INSPECTION_SCOPE],
        [D_COMPANY, D_QUALITY_MANUAL, D_STAFF],
        [S_INTAKE, S_ASSESS, S_ACCREDIT_COMMITTEE, S_CERT],
        "تأیید صلاحیت شرکت‌های بازرسی کننده کالا بر اساس استاندارد ISO/IEC 17020 و تمدید آن.",
    ),
    (
        "10031900022",
        "صدور تأییدیه نوعی خودرو و موتورسیکلت",
        Area.CONFORMITY,
        ["HQ-SUP-METAL"],
        False,
        True,
        (True, False, False),
        25_000_000,
        [F_VEHICLE_KIND, F_MODEL, F_IMPORTED],
        [D_COMPANY, D_TECH_FILE, D_TEST_REPORT],
        [S_INTAKE, S_REVIEW, S_LAB, S_COMMITTEE, S_ISSUE],
        "صدور تأییدیه نوعی برای خودرو، موتورسیکلت و ماشین‌آلات تولید داخل و وارداتی.",
    ),
    (
        "10031900023",
        "آزمون انگ فلزات گرانبها",
        Area.METROLOGY,
        ["HQ-METROLOGY"],
        True,
        True,
        (True, True, True),
        500_000,
        [F_METAL, F_PIECES],
        [D_ID_CARD],
        [S_DELIVERY, S_ASSAY, S_RETURN],
        "آزمون عیار و انگ‌گذاری مصنوعات طلا، نقره و پلاتین.",
    ),
    (
        "10031900024",
        "آزمون و پلمپ‌گذاری وسایل توزین",
        Area.METROLOGY,
        ["HQ-METROLOGY"],
        True,
        True,
        (True, True, False),
        1_000_000,
        [F_INSTRUMENT, F_INSTRUMENT_COUNT, F_BUILDING],
        [D_ESTABLISHMENT],
        [S_INTAKE, S_SITE_TEST, S_CERT],
        "آزمون دوره‌ای و پلمپ‌گذاری باسکول‌ها و ترازوهای مورد استفاده در دادوستد.",
    ),
    (
        "10031900025",
        "آزمون نازل‌های جایگاه‌های عرضه سوخت مایع و CNG",
        Area.METROLOGY,
        ["HQ-METROLOGY"],
        True,
        True,
        (True, True, False),
        800_000,
        [F_STATION, F_FUEL, F_NOZZLES, F_BUILDING],
        [D_ESTABLISHMENT],
        [S_INTAKE, S_SITE_TEST, S_CERT],
        "آزمون دقت و پلمپ‌گذاری نازل‌های جایگاه‌های عرضه بنزین، نفت گاز و CNG.",
    ),
    (
        "10031900026",
        "تأیید صلاحیت آزمایشگاه همکار بر اساس استاندارد ISO/IEC 17025",
        Area.ACCREDITATION,
        ["HQ-NACI"],
        False,
        True,
        (True, False, False),
        30_000_000,
        [F_COMPANY_ID, F_CEO_CODE, F_LAB_SCOPE],
        [D_COMPANY, D_QUALITY_MANUAL, D_STAFF, D_CALIBRATION],
        [S_INTAKE, S_ASSESS, S_ACCREDIT_COMMITTEE, S_CERT],
        "تأیید صلاحیت آزمایشگاه‌های همکار برای دامنه آزمون‌های درخواستی بر اساس ISO/IEC 17025.",
    ),
    (
        "10031900027",
        "تأیید صلاحیت کارشناسان استاندارد",
        Area.TRAINING,
        ["HQ-TRAINING"],
        True,
        False,
        (True, True, False),
        2_500_000,
        [F_DEGREE, F_FIELD_OF_STUDY, F_EXPERIENCE],
        [D_ID_CARD, D_DEGREE, D_EXPERIENCE],
        [S_INTAKE, S_EXAM, S_APPROVE, S_CERT],
        "صدور و تمدید پروانه تأیید صلاحیت کارشناسان استاندارد (اشخاص حقیقی).",
    ),
    (
        "10031900028",
        "ثبت‌نام در دوره‌های آموزشی استاندارد",
        Area.TRAINING,
        ["HQ-TRAINING"],
        True,
        True,
        (True, False, False),
        3_000_000,
        [F_COURSE, F_COURSE_DATE],
        [D_ID_CARD],
        [S_ENROL, S_COURSE],
        "ثبت‌نام در دوره‌های آموزشی سازمان، مانند دوره مدیران کنترل کیفیت و آشنایی با ISO/IEC 17025.",
    ),
    (
        "10031900029",
        "رسیدگی به شکایات و پاسخگویی (سامانه‌های ملی شکایات و ۱۵۱۷)",
        Area.COMPLAINTS,
        ["HQ-INSPECTION"],
        True,
        True,
        (True, True, True),
        None,
        [F_AGAINST, F_SUBJECT, F_COMPLAINT, F_CONTACT_MOBILE],
        [D_EVIDENCE],
        [S_ASSIGN, S_INVESTIGATE, S_ANSWER],
        "ثبت و پیگیری شکایت از کالای غیراستاندارد، واحدهای سازمان یا دفاتر پیشخوان؛ "
        "درخواست‌های سامانه‌های ملی رسیدگی به شکایات و ۱۵۱۷.",
    ),
]

SAMPLE_SLA_FROM, SAMPLE_SLA_UNTIL = "1404/01/01", "1405/12/29"
