"""Apache Spark as a cluster: a standalone master, workers and a Thrift server that dbt's
`spark_thrift` target connects to over the network (profiles.yml)."""
