# Miz's container image: one image for every process (web, worker, scheduler, migrate).
# Build: docker build -t miz .   Run: deploy/compose.yaml (README, "Production").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (receipts, certificates) needs Pango, HarfBuzz and fontconfig; the Persian font
# (Vazirmatn) ships in static/vendor; fontconfig's cache goes to XDG_CACHE_HOME (/app is read-only
# to miz). curl is not needed: the health checks use Python.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-dejavu-core shared-mime-info tzdata \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 miz \
 && useradd --system --uid 10001 --gid miz --home-dir /app --shell /usr/sbin/nologin miz

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=root:root . .

# Static files are collected at build time with the production storage (hashed, compressed names)
# into /app/staticfiles, outside the data volume, so an upgrade brings its own. The build-time
# secret signs nothing: collectstatic only reads files.
ENV MIZ_STATIC_ROOT=/app/staticfiles \
    MIZ_VAR_DIR=/var/lib/miz \
    XDG_CACHE_HOME=/tmp/miz-cache \
    MIZ_APP_DIR=/app \
    DEBUG=0
RUN SECRET_KEY=collectstatic-at-build-time-only MIZ_VAR_DIR=/tmp/build-var \
      python manage.py collectstatic --noinput \
 && rm -rf /tmp/build-var \
 && mkdir -p /var/lib/miz \
 && chown miz:miz /var/lib/miz

USER miz
VOLUME ["/var/lib/miz"]
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
