// Package dashboards holds what hosters look at and what wakes them: the Grafana dashboard
// bbb-overview.json, the Prometheus alert rules alerts.yml and their promtool tests alerts_test.yml.
// The package has no code of its own. Its tests check that the dashboard imports as it is, that
// promtool accepts and passes the rules, that a real Prometheus evaluates every rule and dashboard
// query against what the exporter serves, that every metric used is one the exporter exports, and
// that the German and English halves of docs/dpo.md stay in step.
package dashboards
