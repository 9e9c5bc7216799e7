"""deploy/: the compose file runs the API, workers, Redis and Prometheus with files that exist."""

from __future__ import annotations

import yaml
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_compose_runs_api_workers_redis_and_prometheus() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"redis", "api", "worker", "prometheus"}
    assert services["worker"]["command"][:2] == ["riptide", "worker"]
    assert (
        services["api"]["environment"]["RIPTIDE_REDIS_URL"]
        == services["worker"]["environment"]["RIPTIDE_REDIS_URL"]
    )
    for volume in services["prometheus"]["volumes"]:
        assert (DEPLOY / volume.split(":")[0]).is_file(), volume
    assert (DEPLOY / "Dockerfile").is_file()


def test_prometheus_loads_the_alerts_and_the_pages_per_second_rule() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert sorted(config["rule_files"]) == ["/etc/prometheus/alerts.yml", "/etc/prometheus/recording.yml"]
    rules = yaml.safe_load((DEPLOY / "prometheus" / "recording.yml").read_text())["groups"][0]["rules"]
    assert rules == [{"record": "riptide:job_pages_per_second", "expr": "rate(riptide_job_pages_total[1m])"}]
