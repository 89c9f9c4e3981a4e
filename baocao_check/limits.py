"""Every limit the tool puts on its inputs, in one place (the README's "Limits" table lists them).

No real draft, ruleset or waiver file comes near any of them: they exist so that a hostile or
broken file costs a clear error message, never the machine (memory, CPU, a hang).
"""

from __future__ import annotations

MB = 1024 * 1024

# -- bytes read ----------------------------------------------------------------------------------
MAX_DRAFT_BYTES = 100 * MB          # any draft file, counted in bytes actually read (a DOCX may carry pictures)
MAX_TEXT_BYTES = 10 * MB            # a text or Markdown draft: a province report is a few hundred kB
MAX_YAML_BYTES = 5 * MB             # a ruleset or a waiver file
MAX_STATE_BYTES = 20 * MB           # the watcher's state file

# -- DOCX packages -------------------------------------------------------------------------------
MAX_ZIP_ENTRIES = 5000
MAX_UNCOMPRESSED = 300 * MB         # all parts together, as declared
MAX_ZIP_RATIO = 200                 # a part over 10 MB inflating more than this is a bomb
MAX_MAIN_PART = 50 * MB             # word/document.xml uncompressed
MAX_DOCX_CHARS = 10 * MB            # characters of text read from a DOCX
MAX_PARAGRAPHS = 100_000            # paragraphs (body and table cells) in a DOCX
MAX_NUMBER_START = 32_767           # a numbering level's start (Word's own maximum)
MAX_ROMAN = 3_999                   # larger values of a Roman-numbered level are shown in digits

# -- YAML (rulesets, waivers) -----------------------------------------------------------------
MAX_YAML_ITEMS = 200_000            # nodes after aliases are expanded ("billion laughs")
MAX_YAML_DEPTH = 50                 # nesting of mappings and lists
MAX_YAML_INT_DIGITS = 18            # an integer in a ruleset or waiver (a line number, a count)
MAX_WAIVERS = 10_000                # waivers in one file

# -- numbers in drafts -------------------------------------------------------------------------
MAX_NUMBER_DIGITS = 24              # a figure with more digits is not a figure of a report

# -- time and processes ------------------------------------------------------------------------
TIME_LIMIT = 60.0                   # seconds for the whole run of one draft (read, check, write);
                                    # BAOCAO_CHECK_TIME_LIMIT changes it, 0 turns it off
MAX_JOBS_PER_CORE = 1               # batch workers: at most one per core and one per draft

