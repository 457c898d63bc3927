"""Performance pages, one module per topic: `quality` (data-quality findings), `report` (the annual
report on screen, in Excel and PDF), `dashboard` (heat map, ranking, a province's card),
`data_entry` (submissions, upload, values typed on screen), `upload_jobs` (a background upload's
page); `common` reads the year, plan version and period every page is asked for. Views parse
input, call one selector or service, render."""
