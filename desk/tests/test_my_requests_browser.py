"""An applicant with no request yet, on a phone (360 px): the empty list's sentence reads as one
sentence. The stacked table (`.miz-stack`) lays each labelled cell out as a label and a value side
by side; the sentence's cell has no label, and laid out the same way its words and its link stood
apart in three columns (seen on 7 December 2026)."""

import pytest

from accounts.models import Role
from core.testing import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The sentence's words before the link, and the link, as boxes on the page.
BOXES = """() => {
  const cell = document.querySelector('#my-requests tbody td');
  const link = cell.querySelector('a');
  const range = document.createRange();
  range.setStart(cell.firstChild, 0);
  range.setEnd(cell.firstChild, cell.firstChild.length);
  const words = range.getBoundingClientRect(), box = link.getBoundingClientRect();
  return {display: getComputedStyle(cell).display, wordsWidth: words.width, cellWidth: cell.clientWidth,
          linkLines: link.getClientRects().length, linkHeight: box.height};
}"""


def test_the_empty_list_is_one_sentence_on_a_phone(browser, live_server, make_user):
    page = signed_in_page(browser, live_server.url, make_user(role=Role.APPLICANT), width=360)
    page.goto(live_server.url + "/desk/my/")
    assert "هنوز درخواستی ثبت نکرده‌اید" in page.locator("#my-requests").inner_text()
    boxes = page.evaluate(BOXES)
    page.context.close()
    assert boxes["display"] == "block", boxes
    # As text, the words before the link run across the card (as a flex item they were squeezed
    # into a third of it), and the link's two words stay on one line.
    assert boxes["wordsWidth"] > boxes["cellWidth"] / 2, boxes
    assert boxes["linkLines"] == 1, boxes
