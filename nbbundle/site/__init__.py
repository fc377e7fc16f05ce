"""A notebook's modules as a static site, and reading a notebook file without a kernel.

In: a notebook file (or the kernel's environment) and an entry. Out: ``index.html``, the
runtime and resource files in a folder, in the modern (ES module scripts) or legacy (classic
scripts) strategy.

Here: planning and writing the site (``export``), which folders it may write into
(``output_folder``), the page and its runtime (``page``), and
reading ``%%module`` cells, shown entries and saved widget state from ``.ipynb`` files
(``notebook_file``).

May import: ``nbbundle.kernel`` (its environment, run without a kernel) and below.
"""
