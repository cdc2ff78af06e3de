FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    apertium apertium-eng-spa apertium-fr-es \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY api ./api
COPY norms ./norms
COPY submissions ./submissions
COPY synthesis ./synthesis
COPY web ./web
RUN pip install --no-cache-dir -c requirements.lock .
RUN useradd --system --home /app normbook \
 && mkdir -p /app/var/reports && chown normbook /app/var/reports
USER normbook
EXPOSE 8000
CMD ["sh", "-c", "normbook db upgrade && normbook serve --host 0.0.0.0 --port 8000 --workers 2"]
