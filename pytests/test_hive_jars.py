"""hive-llap-common for the Thrift server (leadscore.spark.hive_jars): fetched from the
pinned PyPI source distribution, checked, and enough for Hive's FunctionRegistry to
initialise beside Spark 4.3's own jars, which it cannot do without it (the class whose
absence failed a Thrift session's close in CI)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from leadscore.spark import hive_jars
from leadscore.spark.cluster import spark_home

pytestmark = pytest.mark.spark

PROBE = """
public class Probe {
  public static void main(String[] args) throws Exception {
    Class.forName("org.apache.hadoop.hive.ql.exec.FunctionRegistry");
    System.out.println("FunctionRegistry initialised");
  }
}
"""
# what spark-class passes to every Spark JVM on Java 17, so that Hive's own static
# initialisers can reach into java.base as they do inside the Thrift server
JAVA_OPENS = [
    f"--add-opens=java.base/{package}=ALL-UNNAMED"
    for package in ("java.lang", "java.lang.reflect", "java.net", "java.util")
]


@pytest.fixture(scope="module")
def jar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hive_jars.install(tmp_path_factory.mktemp("hive_jars"))


def _initialise_function_registry(tmp_path: Path, *extra: Path) -> subprocess.CompletedProcess[str]:
    probe = tmp_path / "Probe.java"
    probe.write_text(PROBE)
    classpath = ":".join([str(spark_home() / "jars" / "*"), *(str(path) for path in extra)])
    return subprocess.run(
        ["java", *JAVA_OPENS, "-cp", classpath, str(probe)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_fetched_jar_is_the_pinned_one_and_holds_the_missing_class(jar: Path) -> None:
    assert jar.name == hive_jars.JAR_NAME
    assert hive_jars.installed_jar(jar.parent) == jar
    with zipfile.ZipFile(jar) as archive:
        assert "org/apache/hadoop/hive/llap/security/LlapSigner$Signable.class" in (
            archive.namelist()
        )


def test_a_damaged_jar_is_not_taken_for_installed(jar: Path, tmp_path: Path) -> None:
    damaged = tmp_path / hive_jars.JAR_NAME
    damaged.write_bytes(jar.read_bytes()[:-1])
    assert hive_jars.installed_jar(tmp_path) is None
    assert hive_jars.installed_jar(tmp_path / "empty") is None


def test_a_second_install_checks_the_jar_without_fetching(
    jar: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("install fetched again although the jar is present")

    monkeypatch.setattr(hive_jars.subprocess, "run", no_download)
    assert hive_jars.install(jar.parent) == jar


def test_hive_function_registry_needs_the_jar_beside_spark_jars(jar: Path, tmp_path: Path) -> None:
    without = _initialise_function_registry(tmp_path)
    assert without.returncode != 0
    assert "NoClassDefFoundError: org/apache/hadoop/hive/llap/security/LlapSigner$Signable" in (
        without.stderr
    )
    with_jar = _initialise_function_registry(tmp_path, jar)
    assert with_jar.returncode == 0, with_jar.stderr[-3000:]
    assert with_jar.stdout.strip() == "FunctionRegistry initialised"


def test_a_failed_download_says_what_was_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_pip(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(hive_jars.subprocess, "run", failing_pip)
    with pytest.raises(hive_jars.HiveJarError, match=r"pyspark==3\.5\.7 .*No matching"):
        hive_jars.install(tmp_path)
    assert list(tmp_path.iterdir()) == []
