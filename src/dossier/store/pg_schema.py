"""The PostgreSQL schema: the same tables, columns and numbered migrations as SQLite's
(`migrations.py`), in PostgreSQL's types.

What differs, and why:
- text columns compare byte by byte (`COLLATE "C"`), as SQLite's do, so ids, dates and
  names sort the same on both engines whatever the server's locale;
- `sentences.words` is a `tsvector` of the sentence's words, lowercased and without
  accents, made by `postgres.fts_words` in Python with the tokenizer rules of SQLite's
  FTS5 `unicode61 remove_diacritics 2`, and indexed with GIN: a search gives the same
  sentences on both engines (a stemming configuration such as `italian` would match other
  words than SQLite does; word forms are the caller's: `claims(about, forms=...)`);
- surrogate keys are identity columns (`sid`, `runs.id`, `versions.id`).

A migration is never edited once released; a change is a new entry at the end of
`PG_MIGRATIONS`, with the same number as its SQLite twin.
"""
from __future__ import annotations

from .migrations import ASK_INDEXES, URL_INDEX, VIEW_ROWS, Migration

T = 'TEXT COLLATE "C"'

_INITIAL = f"""
CREATE TABLE documents (
    id {T} PRIMARY KEY,
    text TEXT NOT NULL,
    language {T},
    title {T},
    url {T},
    outlet {T},
    published {T},
    published_precision {T},
    published_from {T},
    published_to {T},
    published_basis {T},
    source_path {T},
    duplicate_of {T},
    stages TEXT NOT NULL DEFAULT '[]',
    signature BYTEA,
    pipeline {T} NOT NULL
);
CREATE INDEX documents_source_path ON documents(source_path);

CREATE TABLE sentences (
    sid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id {T} NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    sentence_index INTEGER NOT NULL,
    words TSVECTOR NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX sentences_span ON sentences(doc_id, start_char);
CREATE INDEX sentences_words ON sentences USING GIN (words);

CREATE TABLE entities (
    id {T} PRIMARY KEY,
    name {T} NOT NULL,
    type {T} NOT NULL,
    qid {T},
    aliases TEXT NOT NULL DEFAULT '[]',
    discovered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE article_entities (
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity_id {T} NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE mentions (
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id {T} NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    entity_id {T},
    type {T},
    form {T} NOT NULL,
    sentence INTEGER,
    extractor {T} NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE times (
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id {T} NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    value {T},
    precision {T} NOT NULL,
    basis {T} NOT NULL,
    sentence INTEGER,
    extractor {T} NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE quantities (
    id {T} PRIMARY KEY,
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    value DOUBLE PRECISION,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION,
    bound {T} NOT NULL,
    unit {T},
    item {T},
    from_entity {T},
    to_entity {T},
    period {T},
    period_start INTEGER,
    period_end INTEGER,
    hypothetical INTEGER NOT NULL,
    source_entity {T},
    stance {T} NOT NULL,
    sentence INTEGER,
    extractor {T} NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX quantities_from ON quantities(from_entity);
CREATE INDEX quantities_to ON quantities(to_entity);

CREATE TABLE events (
    id {T} PRIMARY KEY,
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    type {T} NOT NULL,
    date {T},
    date_precision {T},
    date_start INTEGER,
    date_end INTEGER,
    modality {T} NOT NULL,
    source_entity {T},
    sentence INTEGER,
    extractor {T} NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX events_date ON events(date);

CREATE TABLE participants (
    event_id {T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role {T} NOT NULL,
    entity_id {T},
    start_char INTEGER,
    end_char INTEGER,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX participants_entity ON participants(entity_id);

CREATE TABLE claims (
    id {T} PRIMARY KEY,
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    claimant_entity {T},
    claimant_start INTEGER,
    claimant_end INTEGER,
    stance {T} NOT NULL,
    denies {T},
    via {T},
    sentence INTEGER,
    extractor {T} NOT NULL,
    UNIQUE (doc_id, seq)
);

CREATE TABLE claim_about (
    claim_id {T} NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    target_id {T} NOT NULL,
    PRIMARY KEY (claim_id, seq)
);
CREATE INDEX claim_about_target ON claim_about(target_id);

CREATE TABLE issues (
    doc_id {T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id {T} NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text {T} NOT NULL,
    type {T} NOT NULL,
    note {T} NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE rejected (
    source_path {T} NOT NULL,
    reason {T} NOT NULL,
    first_seen {T} NOT NULL,
    PRIMARY KEY (source_path, reason)
);

CREATE TABLE runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline {T} NOT NULL,
    started_at {T} NOT NULL,
    finished_at {T},
    stats TEXT NOT NULL DEFAULT '{{}}'
);
"""

_EVENT_CLUSTERS = f"""
CREATE TABLE event_clusters (
    event_id {T} PRIMARY KEY,
    cluster_id {T} NOT NULL
);
CREATE INDEX event_clusters_by_cluster ON event_clusters(cluster_id);
"""

_ARRIVALS = f"""
CREATE TABLE arrivals (
    doc_id {T} PRIMARY KEY,
    first_seen {T} NOT NULL
);
"""

_VERSIONS = f"""
CREATE TABLE versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id {T} NOT NULL,
    source {T},
    action {T} NOT NULL,
    replaced_by {T},
    at {T} NOT NULL
);
"""

PG_MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "event clusters", _EVENT_CLUSTERS),
    Migration(3, "document arrivals", _ARRIVALS),
    Migration(4, "versions", _VERSIONS),
    Migration(5, "indexes for ask", ASK_INDEXES),  # the same SQL on both engines
    Migration(6, "view rows", VIEW_ROWS.format(T=T, NOROWID="")),
    Migration(7, "documents by url", URL_INDEX),
)
