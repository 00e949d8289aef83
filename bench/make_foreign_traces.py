#!/usr/bin/env python3
"""Writes synthetic inputs for every `rsim trace convert` format, for bench/convert_formats.sh.

Usage: make_foreign_traces.py ROWS DIR
Rows are in arrival order, with query text holding commas, quotes and line breaks, as real exports do.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
start = datetime(2026, 3, 3, tzinfo=timezone.utc)
step_us = 86_400_000_000 // rows
types = ["SELECT"] * 6 + ["INSERT", "COPY", "UPDATE", "DELETE"]


def ts(us):
    return (start + timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")


def text(i, kind):
    return f'"{kind.lower()} a, b from t{i % 50} where note = \'x,y\' and n = {i}\n-- ""quoted"""'


with open(f"{out}/sys_query_history.csv", "w") as f:
    f.write("user_id,query_id,query_label,session_id,database_name,query_type,status,result_cache_hit,start_time,"
            "end_time,elapsed_time,queue_time,execution_time,compile_time,returned_rows,generic_query_hash,"
            "service_class_name,compute_type,query_text,username,mbytes_scanned\n")
    for i in range(rows):
        t = i * step_us
        q, e = rng.randrange(0, 200_000), rng.randrange(1_000, 5_000_000)
        kind = types[i % len(types)]
        f.write(f"{100 + i % 40},{i},{'default' if i % 3 else 'etl'},{i % 500},dev,{kind},success,"
                f"{'t' if i % 17 == 0 else 'f'},{ts(t)},{ts(t + q + e)},{q + e},{q},{e},0,{i % 1000},"
                f"{i % 997:040x},Default queue,primary,{text(i, 'select')},user{i % 40},{e / 1000:.1f}\n")

with open(f"{out}/stl.csv", "w") as f:
    f.write("query,task,xid,userid,username,label,database,pid,starttime,endtime,aborted,"
            "concurrency_scaling_status,service_class_name,slot_count,total_queue_time,total_exec_time,"
            "final_state,est_peak_mem,compile_us,querytxt\n")
    for i in range(rows):
        t = i * step_us
        q, e = rng.randrange(0, 200_000), rng.randrange(1_000, 5_000_000)
        f.write(f"{i},{i},{i // 2},{100 + i % 40},user{i % 40},default,dev,{30000 + i % 500},{ts(t)},"
                f"{ts(t + q + e)},0,0,etl,1,{q},{e},Completed,104857600,0,{text(i, 'select')}\n")

with open(f"{out}/redset.csv", "w") as f:
    f.write("instance_id,cluster_size,user_id,database_id,query_id,arrival_timestamp,compile_duration_ms,"
            "queue_duration_ms,execution_duration_ms,feature_fingerprint,was_aborted,was_cached,"
            "cache_source_query_id,query_type,num_permanent_tables_accessed,num_external_tables_accessed,"
            "num_system_tables_accessed,read_table_ids,write_table_ids,mbytes_scanned,mbytes_spilled,num_joins,"
            "num_scans,num_aggregations\n")
    for i in range(rows):
        t = i * step_us
        cached = i % 20 == 0 and i > 0
        f.write(f"{i % 4},4,{i % 40},{i % 3},{i},{ts(t)[:19]},0,{rng.random() * 100:.3f},"
                f"{rng.random() * 5000:.3f},{i % 997},0,{1 if cached else 0},{i - 4 if cached else ''},"
                f"{types[i % len(types)].lower()},2,0,0,\"{i % 50},{i % 7}\",,{rng.random() * 1e4:.1f},0,1,2,1\n")

with open(f"{out}/SQLs.json", "w") as f:
    f.write('{"transactions": {')
    per = 3
    for x in range(rows // per):
        t = x * per * step_us
        queries = [{"record_time": (start + timedelta(microseconds=t + k * step_us)).isoformat(),
                    "start_time": None, "end_time": None,
                    "text": f"select a, b from t{x % 50} where note = 'x,y' and n = {x};"} for k in range(per)]
        tx = {"xid": str(x), "pid": str(x % 500), "db": "dev", "user": f"user{x % 40}", "time_interval": True,
              "queries": queries}
        f.write(("," if x else "") + json.dumps(str(x)) + ": " + json.dumps(tx))
    f.write("}}\n")
