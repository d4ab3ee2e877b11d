"""Building: handouts, booklets and a list of clients' copies, as a Request asks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..press.request import Options, Outputs, Progress, Request
from ..content.client import Client
from ..errors import UsageError, shown

if TYPE_CHECKING:
    from ..press.batch import BatchReport
    from ..press.pipeline import BuildReport


def request(root: Path, out: Path | None = None, *, handouts: list[str] | None = None,
            client: Client | None = None, options: Options | None = None) -> Request:
    """A request for handout PDFs into *out* (default: out/ in *root*)."""
    return Request(root=root, outputs=Outputs(folder=out or root / "out"),
                   handouts=tuple(handouts) if handouts else None, client=client,
                   options=options or Options())


def client(name: str | None, note: str | None = None, day: object = None) -> Client | None:
    """The client a front door was told about (None without a name), checked."""
    if note is not None and name is None:
        raise UsageError("--note goes with --for NAME (the note is for a client)")
    if name is None:
        return None
    return Client.checked(name, note or "", day)  # type: ignore[arg-type]


def check_language(root: Path, code: str | None) -> str:
    """*code* when the project has handouts in that language (None: English); UsageError
    naming the languages there are otherwise."""
    from ..content.words import ENGLISH, languages

    if code is None or code == ENGLISH:
        return ENGLISH
    known = languages(root)
    if code not in known:
        raise UsageError(f"there are no handouts in the language '{shown(code)}'; the "
                         f"languages are: {', '.join(known)}")
    return code


def build(req: Request, progress: Progress | None = None) -> BuildReport:
    """Build what *req* asks for (handouts, a booklet, its fold-and-staple version)."""
    from ..press.pipeline import build as run

    return run(req, progress=progress)


@dataclass
class Made:
    """One language's handouts and booklet, and the handouts it has no translation of."""

    language: str
    report: BuildReport
    untranslated: list[str]


def everything(req: Request, progress: Progress | None = None) -> list[Made]:
    """Every handout and the booklet in every language there is (out/booklet.pdf, and
    out/<code>/booklet.pdf for each translation): what running with no command does. A
    translation's booklet leaves out what is not translated yet, and says so."""
    from ..press.naming import variant
    from ..content.words import languages

    made = []
    for code in languages(req.root):
        one = req.but(language=code)
        folder = variant(one).folder(req.outputs.folder)
        report = build(one.but(outputs=Outputs(folder=req.outputs.folder,
                                               booklet=folder / "booklet.pdf")), progress)
        made.append(Made(code, report, untranslated(req.root, code)))
    return made


def untranslated(root: Path, language: str) -> list[str]:
    """The English handouts with no translation into *language* yet."""
    return sorted(set(slugs(root)) - set(slugs(root, language))) if language != "en" else []


def slugs(root: Path, language: str = "en") -> list[str]:
    """The names of the handout files in *language* (whether they are right or not)."""
    from ..content.project import handouts_folder

    return sorted(p.stem for p in handouts_folder(root, language).glob("*.yaml"))


def booklet_path(req: Request) -> Path:
    """Where the booklet goes by default: out/booklet.pdf, or the client's own in their
    folder (grayscale and client in the name, so it never replaces the full booklet)."""
    from ..press.naming import booklet_path as named
    from ..press.naming import variant
    from ..content.project import load

    return named(req.outputs.folder, load(req.root, req.language).brand, req.client,
                 variant(req))


def booklet(req: Request, target: Path | None = None, *, imposed: bool = False,
            progress: Progress | None = None) -> BuildReport:
    """The booklet of *req*'s handouts at *target* (default: booklet_path; a target of
    one's own has its folder as the output folder), and with *imposed* its fold-and-staple
    version beside it (NAME-imposed.pdf), on the paper *req*'s outputs name."""
    folder = target.parent if target else req.outputs.folder  # the lock lives beside it
    target = target or booklet_path(req)
    fold = target.with_name(f"{target.stem}-imposed.pdf") if imposed else None
    return build(req.but(outputs=replace(req.outputs, folder=folder, handouts=False,
                                         booklet=target, imposed=fold)), progress)


def imposed_print_size(req: Request, report: BuildReport) -> str | None:
    """One line saying how small the body text prints when the fold-and-staple booklet is
    on a sheet that shrinks its pages (None when it prints at full size)."""
    from ..content.project import load
    from ..pdf.impose import SHEETS, full_size_sheet, page_scale

    sheet = req.outputs.sheet
    if report.imposed is None or sheet is None:
        return None
    project = load(req.root)
    layout = project.layouts[project.brand.default_layout]
    page = SHEETS[layout.paper]  # letter or a4, portrait
    scale = page_scale(page, sheet)
    if scale >= 0.999:
        return None
    fitted = min((h.scale for h in report.handouts), default=1.0)
    body = layout.body_size * fitted * scale
    better = full_size_sheet(page)
    hint = f"; --sheet {better} prints them at full size" if better else ""
    return (f"on {sheet} paper the pages print at {scale:.0%} of their size, so body text "
            f"prints at about {body:.1f} pt{hint}")


def for_delivery(req: Request, *, as_booklet: bool) -> tuple[BuildReport, list[tuple[Path, str]]]:
    """Build what print and email hand over: the handouts, or one booklet of them (for a
    client in their folder, otherwise booklet-selection.pdf: never over the full booklet).
    Returns the report and the files with the title each is shown under."""
    from ..content.project import load

    if not as_booklet:
        report = build(req)
        return report, [(h.path, h.title) for h in report.handouts if h.path is not None]
    brand = load(req.root, req.language).brand
    target = booklet_path(req)
    if not req.client:  # a selection: never over the full booklet
        target = target.with_name(target.name.replace("booklet", "booklet-selection", 1))
    report = build(req.but(outputs=Outputs(folder=req.outputs.folder, handouts=False,
                                           booklet=target)))
    return report, [(report.booklet, brand.booklet.title)] if report.booklet else []


def batch(req: Request, clients_file: str, progress: Progress | None = None) -> BatchReport:
    """Every client in the CSV file *clients_file* (header name,note,date) gets *req*'s
    handouts; a bad row is reported with its line, and the others are still made."""
    from ..press.batch import build_batch, read_clients

    if req.client is not None:
        raise UsageError("use either --for NAME or --clients FILE.csv, not both")
    from ..content.words import languages

    rows = read_clients(Path(clients_file).expanduser(), clients_file,
                        tuple(languages(req.root)))
    return build_batch(req, rows, clients_file, progress=progress)
