"""`codes_in_text`: free text written by staff shows its codes (a phone `۰۲۱-۸۸۸۸`) left to right
inside a right-to-left line, in Persian digits, with everything else escaped."""

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core.templatetags.miz import codes_in_text
from core.text import CODE_SHAPE


def test_a_phone_in_a_contact_is_isolated_and_the_rest_escaped():
    html = codes_in_text("تلفن 021-88776655 <b>داخلی</b>")
    assert html == 'تلفن <bdi dir="ltr" class="code">۰۲۱-۸۸۷۷۶۶۵۵</bdi> &lt;b&gt;داخلی&lt;/b&gt;'


def test_with_linebreaks_the_isolation_survives_and_nothing_is_escaped_twice():
    rendered = Template("{% load miz %}{{ text|codes_in_text|linebreaks }}").render(
        Context({"text": "دفتر «الف» & شرکا\nتلفن ۰۲۱-۱۲۳۴"})
    )
    assert rendered == ('<p>دفتر «الف» &amp; شرکا<br>تلفن <bdi dir="ltr" class="code">۰۲۱-۱۲۳۴</bdi></p>')


@given(st.text(alphabet="۰۱۲٣0123-ابپ <>&\n", max_size=40))
def test_no_code_is_left_outside_its_tag_and_the_text_is_kept(text):
    html = str(codes_in_text(text))
    outside = html
    for piece in html.split('<bdi dir="ltr" class="code">')[1:]:
        outside = outside.replace(piece.split("</bdi>")[0], "")
    assert not CODE_SHAPE.search(outside)
    assert "<b" not in outside.replace('<bdi dir="ltr" class="code">', "").replace("</bdi>", "")
