"""The Dask path, on a real LocalCluster of 2 worker processes on this machine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import viextract
from viextract.document import Document

from .batch_helpers import articles, cli, read_jsonl, write_corpus

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed: pip install '.[dask]'"
)
dask_bag = pytest.importorskip("dask.bag", reason="dask is not installed: pip install '.[dask]'")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=40,
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_annotate_bag_on_two_worker_processes(client: Any, extractor: viextract.Extractor) -> None:
    from viextract.batch.dask import annotate_bag
    from viextract.batch.work import extractor_loads

    texts = articles()
    records = [{"id": f"r{i}", "text": t, "date": "2015-11-21"} for i, t in enumerate(texts)]
    records.append({"id": "empty", "text": ""})
    bag = dask_bag.from_sequence(records, npartitions=4)
    out = annotate_bag(bag, tokens=True).compute()
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert out[-1] == {"id": "empty", "error": "empty text"}
    for rec, res in zip(records[:-1], out[:-1], strict=True):
        expected = extractor.extract(rec["text"], "2015-11-21")  # type: ignore[arg-type]
        assert Document.from_dict(res) == expected
    json.dumps(out)  # plain data
    loads = client.run(extractor_loads)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1}  # models loaded once per process
    assert sum(loads.values()) >= 1


def test_annotate_dataframe(client: Any) -> None:
    pytest.importorskip("dask.dataframe", reason="needs dask[dataframe] (pandas, pyarrow)")
    import dask.dataframe as dd
    import pandas as pd

    from viextract.batch.dask import annotate_dataframe

    texts = articles()
    pdf = pd.DataFrame({"doc": [f"d{i}" for i in range(len(texts))], "body": texts})
    ddf = dd.from_pandas(pdf, npartitions=2)
    out = annotate_dataframe(ddf, text_column="body", id_column="doc").compute()
    assert list(out["id"]) == list(pdf["doc"])
    assert out["error"].isna().all()
    for body, ents in zip(texts, out["entities"], strict=True):
        for e in json.loads(ents):
            assert body[e["start"] : e["end"]] == e["text"]


def test_cli_dask_option(client: Any, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", articles())
    out = tmp_path / "out.jsonl"
    address = client.scheduler.address
    r = cli("annotate", str(tmp_path / "in"), "-o", str(out), "--dask", address, "--quiet")
    assert r.returncode == 0, r.stderr
    assert [x["id"] for x in read_jsonl(out)] == [str(p) for p in paths]
    local = tmp_path / "local.jsonl"
    r = cli("annotate", str(tmp_path / "in"), "-o", str(local), "--jobs", "1", "--quiet")
    assert out.read_bytes() == local.read_bytes()


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", articles()[:1])
    r = cli(
        "annotate", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--dask",
        "tcp://127.0.0.1:9", env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )  # fmt: skip
    assert r.returncode == 2 and b"Dask scheduler" in r.stderr and b"Traceback" not in r.stderr
