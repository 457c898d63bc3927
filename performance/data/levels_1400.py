"""Seed 004's summary by level, as links: which HQ office row is the «ستاد» (or «پژوهشگاه») line
of a province activity's summary entry. The import sets `Activity.rolls_up_to` from this; the
totals by level (`performance.levels`) then add them as the summary does.

Each link was read from the summary and checked figure for figure against the office's own table.
Summary lines with an HQ or institute figure that no loaded row carries are listed with the reason
in docs/performance.md («Totals by level»)."""

# HQ activity code → the province activity whose summary line it completes
LEVEL_LINKS = {
    # T001 line 111 «بازنگری استاندارد ملی — ستاد» 800 / 1,991 / 249 = standards office, line 2293
    "HQ-STD-DEV-02": "P010",
    # T003 line 136 «تهیه بسته‌های ترویجی — ستاد» 40 / 39 / 98 = training office, promotion programmes
    "HQ-TRAINING-11": "P017",
    # T003 line 138 «آموزش کارکنان — ستاد» 30,000 / 52,206 / 174 = training office, HQ staff training
    "HQ-TRAINING-09": "P016",
}
