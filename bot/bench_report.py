"""The benchmark report as Markdown (`autonomie bench` prints it)."""

from __future__ import annotations

from typing import Any

__all__ = ["markdown"]


def markdown(report: dict[str, Any]) -> str:
    training = report.get("training", {})
    lines = [
        f"Database: {report['database']} · worker processes: {report.get('workers', 1)} · "
        f"models loaded: {report['models_loaded']} · latency with 1 client, throughput with "
        f"{report['concurrency']} · bounds {report['bounds']['requests']} requests or "
        f"{report['bounds']['seconds']} s per pass · load avg {report['load_avg_1m']} "
        f"on {report['cpu_count']} CPUs",
        "",
        "| scenario | requests | errors | p50 ms | p95 ms | p99 ms | req/s "
        f"({report['concurrency']} clients) | p95 ms under load | server CPU ms/request "
        "| server cores under load | load generator CPU ms/request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in report["scenarios"]:
        lines.append(
            f"| {s['scenario']} | {s['requests']} | {s['errors']} | {s['p50_ms']} | "
            f"{s['p95_ms']} | {s['p99_ms']} | {s['throughput_rps']} | {s['loaded_p95_ms']} | "
            f"{s.get('cpu_ms_per_request')} | {s.get('loaded_server_cores')} | "
            f"{s.get('client_cpu_ms_per_request')} |"
        )
    ready = report.get("memory_ready") or {}
    after = report.get("memory_after_load") or {}
    lines += [
        "",
        "| measure | value |",
        "|---|---:|",
        f"| cold start to ready | {report['cold_start_s']} s |",
        f"| CPU of the serving processes to ready | {report.get('cold_start_cpu_s')} s |",
        f"| RSS of one serving process, ready / after load | {ready.get('process_rss_mb')} / "
        f"{after.get('process_rss_mb')} MiB |",
        f"| PSS of all serving processes, ready / after load | {ready.get('serving_pss_mb')} / "
        f"{after.get('serving_pss_mb')} MiB |",
        f"| RSS of every process with the platform child, ready / after load | "
        f"{report['rss_ready_mb']} / {report.get('rss_after_load_mb')} MiB |",
        f"| NLU training time | {training.get('nlu_train_s')} s |",
        f"| knowledge index build time | {training.get('kb_build_s')} s |",
        f"| NLU model on disk | {training.get('nlu_size_mb')} MiB |",
        f"| knowledge index on disk | {training.get('kb_size_mb')} MiB |",
        f"| encoder (ONNX) on disk | {training.get('encoder_size_mb')} MiB |",
    ]
    talks = report.get("conversations")
    if talks:
        lines += [
            f"| simulated conversations | {talks['conversations']} |",
            f"| turns to a booked event, median / max | {talks['turns_to_book_median']} / "
            f"{talks['turns_to_book_max']} |",
            f"| conversations breaking an invariant | {talks['broken']} |",
            f"| slot accuracy over the final trackers | {talks['slot_accuracy']} |",
        ]
    flood = report.get("flood")
    if flood:
        got = flood["flood"]
        unbooked = ", ".join(f"{k} {v}" for k, v in flood["honest_unbooked"].items()) or "none"
        lines += [
            f"| flood: {got['attempts']} booking attempts in {flood['seconds']} s from 200 "
            f"senders (seats taken / bookings refused by a limit / full / messages refused "
            f"/ other) | {got['booked']} / {got['limited']} / {got['full']} / "
            f"{got['messages_refused']} / {got['other']} |",
            f"| flood: honest dialogues booked (not booked: their last reply) | "
            f"{flood['honest_booked']} of {flood['honest_dialogues']} "
            f"({100 * flood['honest_booked_share']:.0f} %; {unbooked}) |",
            f"| flood: honest candidates' p50 / p95, under the flood (aim 500 ms) / alone | "
            f"{flood['honest_p50_ms']} / {flood['honest_p95_ms']} ms / "
            f"{flood['honest_alone_p50_ms']} / {flood['honest_alone_p95_ms']} ms |",
            f"| flood: server CPU per honest request / per flood message | "
            f"{flood['server_cpu_ms_per_honest_request']} / "
            f"{flood['server_cpu_ms_per_flood_message']} ms |",
        ]
    aims = report.get("aims") or {}
    if aims:
        lines += ["", "| aim | target | measured | |", "|---|---:|---:|---|"]
        for name, aim in aims.items():
            verdict = "met" if aim["met"] else "missed"
            lines.append(f"| {name} | {aim['aim']} | {aim['measured']} | {verdict} |")
    return "\n".join(lines)
