"""Links that open the learners' copies for a workshop: Binder, or a JupyterHub with
nbgitpuller. Tutors paste the repository's address; the encoding is done for them.

Example:
    >>> binder_link("https://github.com/acme/csm-lab", notebook="00_start_here.ipynb")
    'https://mybinder.org/v2/gh/acme/csm-lab/main?urlpath=lab%2Ftree%2Fhandout%2F00_start_here.ipynb'
    >>> nbgitpuller_link("https://hub.example.org", "https://github.com/acme/csm-lab",
    ...                  notebook="00_start_here.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Facme%2Fcsm-lab&branch=main&urlpath=lab%2Ftree%2Fcsm-lab%2Fhandout%2F00_start_here.ipynb'
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

#: The folder of learners' copies (notebooks without worked answers) in the repository.
LEARNER_FOLDER = "handout"
_GITHUB = re.compile(r"^/(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+?)(\.git)?/?$")


def _repository(repo: str) -> tuple[str, str]:
    """The cleaned address and the repository's folder name (what git clone makes)."""
    if not isinstance(repo, str) or not repo.strip():
        raise ValueError("Give the repository's address, e.g. https://github.com/OWNER/NAME.")
    address = repo.strip().rstrip("/")
    parts = urlsplit(address)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.path in ("", "/"):
        raise ValueError(f"{repo!r} is not a web address of a repository; give it as "
                         "https://github.com/OWNER/NAME (or your git server's address).")
    name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return address, name.removesuffix(".git")


def _path(folder: str, notebook: str) -> str:
    if not notebook.endswith(".ipynb") or "/" in notebook or "\\" in notebook:
        raise ValueError(f"{notebook!r} is not a notebook file name such as "
                         "00_start_here.ipynb.")
    return f"{folder.strip('/')}/{notebook}" if folder else notebook


def binder_link(repo: str, *, branch: str = "main", notebook: str = "00_start_here.ipynb",
                folder: str = LEARNER_FOLDER) -> str:
    """A mybinder.org link that builds the repository and opens ``notebook`` in JupyterLab.

    GitHub repositories get the short ``v2/gh`` form; any other git server the ``v2/git`` one.

    Example:
        >>> binder_link("https://gitlab.com/acme/csm-lab.git", branch="spring")[:57]
        'https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fac'
    """
    address, _name = _repository(repo)
    urlpath = quote(f"lab/tree/{_path(folder, notebook)}", safe="")
    parts = urlsplit(address)
    github = _GITHUB.match(parts.path)
    if parts.netloc.lower() == "github.com" and github:
        return (f"https://mybinder.org/v2/gh/{github['owner']}/{github['name']}/"
                f"{quote(branch, safe='')}?urlpath={urlpath}")
    return (f"https://mybinder.org/v2/git/{quote(address, safe='')}/{quote(branch, safe='')}"
            f"?urlpath={urlpath}")


def nbgitpuller_link(hub: str, repo: str, *, branch: str = "main",
                     notebook: str = "00_start_here.ipynb",
                     folder: str = LEARNER_FOLDER) -> str:
    """A JupyterHub link that pulls the repository into each learner's home folder (with
    nbgitpuller, which keeps learners' own changes) and opens ``notebook``.

    Example:
        >>> nbgitpuller_link("hub.example.org", "https://github.com/a/b")
        Traceback (most recent call last):
        ValueError: 'hub.example.org' is not the hub's web address; give it as https://hub.example.org.
    """
    parts = urlsplit(hub.strip() if isinstance(hub, str) else "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{hub!r} is not the hub's web address; give it as "
                         f"https://{hub if isinstance(hub, str) else 'hub.example.org'}.")
    address, name = _repository(repo)
    query = urlencode({"repo": address, "branch": branch,
                       "urlpath": f"lab/tree/{name}/{_path(folder, notebook)}"},
                      quote_via=quote, safe="")
    return f"{hub.strip().rstrip('/')}/hub/user-redirect/git-pull?{query}"
