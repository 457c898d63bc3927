"""The whole annual report in one file (issue 20 item 4): one PDF with a table of contents and
one Excel workbook, each with the charts (plan against actual per area, the province ranking),
built by a background job, progress shown, and kept until the data change.

`charts` computes the charts' figures; `pdf` and `xlsx` write the two files; `builds` fingerprints
the data, queues a build or finds the cached one, and runs it in the worker."""
