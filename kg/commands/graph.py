"""``kg validate``: check a build's graph against the SHACL shapes."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import ValidationFailed


@click.command()
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Build folder written by `kg build`.")
@click.option("--fast", is_flag=True,
              help="Run the shapes compiled to SPARQL on the store (as `kg build` does) instead of pySHACL.")
def validate(build_dir: Path, fast: bool) -> None:
    """Validate the built graph against ontology/shapes.ttl; exit 1 on violations."""
    from ..graph.validation import render, validate_build  # pySHACL: only when validating

    report = validate_build(build_dir, fast=fast)
    click.echo(render(report))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violations", str(build_dir))


COMMANDS = [validate]
