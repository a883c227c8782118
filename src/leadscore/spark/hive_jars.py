"""hive-llap-common on the Thrift server's class path.

Spark 4 no longer ships hive-llap-common (SPARK-51029), but the Hive 2.3 classes it
does ship still need it: `FunctionRegistry`'s static initialiser registers
`GenericUDTFGetSplits`, whose constructor names `LlapSigner.Signable`. The Thrift
server reaches that initialiser when a session closes and Hive decides that the
session's metastore client must be recreated (`SessionState.close` ->
`Hive.get(conf)` -> `registerAllFunctionsOnce`). Without the jar that close fails
with `NoClassDefFoundError`, dbt-spark raises it, and dbt reports the node that ran
in the session as an error although its SQL succeeded (seen in CI: one close in
about 250). Spark's migration guide leaves adding the jar to the user.

Maven Central is not among the registries this project may install from, so the
jar comes from PyPI: the source distribution of pyspark 3.5.7, which still carries
`deps/jars/hive-llap-common-2.3.9.jar`. Both the download and the jar are checked
against pinned SHA-256 digests. The jar's classes are the same in Hive 2.3.9 and the
2.3.10 that Spark 4.3 bundles (`pytests/test_hive_jars.py` initialises
`FunctionRegistry` with Spark 4.3's jars and this one)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

SOURCE_REQUIREMENT = "pyspark==3.5.7"
SOURCE_SHA256 = "80e36514e0c5c126d35a26adf4f405cd4a69de96a8ea8a3c1e9a65fce2fb4eaa"
JAR_NAME = "hive-llap-common-2.3.9.jar"
JAR_MEMBER = f"pyspark-3.5.7/deps/jars/{JAR_NAME}"
JAR_SHA256 = "bbc07775a0b14180540b44d7879fb35dc92967a1e7a968063ca890c4e604c0b9"


class HiveJarError(Exception):
    """The jar could not be fetched or did not match its pinned digest."""


def default_directory() -> Path:
    """Beside the environment's other installed files, so that removing the virtual
    environment removes the jar too."""
    return Path(sys.prefix) / "share" / "leadscore" / "jars"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def installed_jar(directory: Path | None = None) -> Path | None:
    """The jar, when it is present and intact; None otherwise."""
    jar = (directory or default_directory()) / JAR_NAME
    return jar if jar.is_file() and _sha256(jar) == JAR_SHA256 else None


def install(directory: Path | None = None) -> Path:
    """Put the jar in `directory` (once; later calls only check its digest) and
    return its path."""
    directory = directory or default_directory()
    existing = installed_jar(directory)
    if existing is not None:
        return existing
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hive-jars-") as scratch:
        download_dir = Path(scratch)
        requirements = download_dir / "requirements.txt"
        requirements.write_text(f"{SOURCE_REQUIREMENT} --hash=sha256:{SOURCE_SHA256}\n")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--require-hashes",
                "--dest",
                str(download_dir),
                "--requirement",
                str(requirements),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        archives = sorted(download_dir.glob("pyspark-*.tar.gz"))
        if result.returncode != 0 or not archives:
            raise HiveJarError(
                f"pip could not download {SOURCE_REQUIREMENT} for {JAR_NAME} "
                f"(exit {result.returncode}): {result.stderr.strip()[-2000:]}"
            )
        with tarfile.open(archives[0]) as archive:
            member = archive.extractfile(JAR_MEMBER)
            if member is None:
                raise HiveJarError(f"{archives[0].name} has no {JAR_MEMBER}")
            payload = member.read()
    digest = hashlib.sha256(payload).hexdigest()
    if digest != JAR_SHA256:
        raise HiveJarError(f"{JAR_MEMBER} has SHA-256 {digest}, expected {JAR_SHA256}")
    partial = directory / f"{JAR_NAME}.partial"
    partial.write_bytes(payload)
    jar = directory / JAR_NAME
    partial.replace(jar)
    return jar
