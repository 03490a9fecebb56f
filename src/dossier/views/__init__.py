"""What the CLI views, the pages and the API show: records joined with names and citations
(`rows`), kept in the store a view at a time and read a page at a time (`kept`)."""
from .rows import (about_forms, actor_rows, article_summary, changes, cite, claim_rows, conflict_rows, event_rows,
                   find_document, flow_rows, format_number, format_quantity, ledger_rows, merged_event_rows,
                   word_forms)
from .kept import SHOWN, VIEWS, filters, ids_named, keys_of, make, months, page

__all__ = ["about_forms", "actor_rows", "article_summary", "changes", "cite", "claim_rows", "conflict_rows", "event_rows",
           "find_document", "flow_rows", "format_number", "format_quantity", "ledger_rows", "merged_event_rows",
           "word_forms", "SHOWN", "VIEWS", "filters", "ids_named", "keys_of", "make", "months", "page"]
