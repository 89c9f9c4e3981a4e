"""Defect-injection harness (mutation testing for the checker), independent of ``baocao_check``.

- :mod:`.draft`: a clean Markdown draft seen by structure (headings, tables, footnotes, annexes);
- :mod:`.mutations`: operators that apply ONE fault of one category, or one harmless change;
- :mod:`.render`: the draft as plain text, Markdown, and Word (pandoc; python-docx with
  automatic numbering);
- :mod:`.harness`: runs the real CLI on each variant and compares with the clean draft.

The full run is ``python bench/inject.py``; ``tests/test_injection.py`` runs a small subset.
"""

from .draft import Draft  # noqa: F401
from .harness import details, run, table  # noqa: F401
from .mutations import FAULTS, HARMLESS, Variant, variants  # noqa: F401
