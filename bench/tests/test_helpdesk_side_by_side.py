"""The side-by-side benchmark's own pure helpers (the bench itself runs by hand, never in
`make test`: bench/helpdesk_side_by_side.py is not a test module)."""

import sys
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import helpdesk_side_by_side as bench


def test_rounds_alternate_which_site_goes_first():
    assert bench.interleaved(4) == [
        ("miz", "helpdesk"),
        ("helpdesk", "miz"),
        ("miz", "helpdesk"),
        ("helpdesk", "miz"),
    ]
    flat = [site for order in bench.interleaved(5) for site in order]
    assert flat.count("miz") == flat.count("helpdesk") == 5


def test_ratio_is_miz_over_helpdesk_and_none_without_a_helpdesk_figure():
    assert bench.ratio(30.0, 10.0) == 3.0
    assert bench.ratio(5.0, 0.0) is None


def test_table_rows_give_each_rate_and_the_ratio():
    text = bench.table([("tracking", "public view", 12.0, 4.0), ("queue", "list", 1.0, 0.0)], (90.0, 60.0))
    lines = text.splitlines()
    assert lines[2] == "| tracking / public view | 12.0 | 4.0 | 3.00× |"
    assert lines[3] == "| queue / list | 1.0 | 0.0 | — |"
    assert lines[4].endswith("| 90.0 MB | 60.0 MB | 1.50× the memory |")


def test_multipart_body_parses_back_to_its_fields_and_file():
    pdf = b"%PDF-1.4\r\n--not-the-boundary\r\n" + bytes(range(256))
    body = bench.multipart(
        {"code": "۱۲۳", "key": "k"}, {"doc": ("scan.pdf", "application/pdf", pdf)}, "b0und"
    )
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: multipart/form-data; boundary=b0und\r\n\r\n" + body
    )
    parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
    assert parts["code"].get_payload(decode=True).decode() == "۱۲۳"
    assert parts["key"].get_payload(decode=True) == b"k"
    assert parts["doc"].get_filename() == "scan.pdf"
    assert parts["doc"].get_content() == pdf


def test_cpu_share_reads_this_process_and_finds_named_processes():
    import os

    import cpu_share

    spent = cpu_share.cpu_seconds([os.getpid()])
    sum(i * i for i in range(300_000))  # some CPU of this process's own
    assert cpu_share.cpu_seconds([os.getpid()]) >= spent > 0
    assert cpu_share.cpu_seconds([2**22 + 7]) == 0  # a process that is not there
    me = Path("/proc/self/stat").read_text().split("(", 1)[1].rsplit(")", 1)[0]
    assert os.getpid() in cpu_share.named(me)


def test_cpu_share_tally_and_table_give_milliseconds_a_visit():
    import cpu_share

    zero = dict.fromkeys(cpu_share.PARTS, 0.0)
    miz, hd = cpu_share.Tally(), cpu_share.Tally()
    miz.add(zero, {"workers": 1.0, "redis": 0.1, "client": 2.0}, 500)
    miz.add(zero, {"workers": 1.0, "redis": 0.1, "client": 2.0}, 500)
    hd.add(zero, {"workers": 6.0, "redis": 0.0, "client": 2.0}, 1000)
    assert miz.ms_per_visit("workers") == 2.0 and hd.ms_per_visit("workers") == 6.0
    row = cpu_share.table(
        [("tracking", "public tracking", "view")], {("tracking", "miz"): miz, ("tracking", "helpdesk"): hd}
    )
    assert row.splitlines()[2] == "| public tracking | 2.00 / 6.00 | 3.00× | 0.20 / 0.00 | 4.00 / 2.00 |"
    assert cpu_share.Tally().ms_per_visit("workers") == 0.0
