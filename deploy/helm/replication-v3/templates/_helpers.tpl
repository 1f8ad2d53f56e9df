{{/*
The release's name prefix of every object: the release name, or <release>-replication-v3 unless it says it. At most 36
characters, so that the longest name made from it (a StatefulSet pod's controller-revision-hash label, a Kafka
pod's host name) stays within Kubernetes' 63.
*/}}
{{- define "rv3.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 36 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 36 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of an object of component $c: (dict "ctx" $ "c" "api-service") */}}
{{- define "rv3.labels" -}}
{{ include "rv3.selectorLabels" . }}
app.kubernetes.io/part-of: replication-v3
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{- define "rv3.selectorLabels" -}}
app.kubernetes.io/name: {{ .c }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{/* ${registry}/replication-v3/<module>:<tag> */}}
{{- define "rv3.image" -}}
{{- printf "%s/replication-v3/%s:%s" .ctx.Values.image.registry .module (.ctx.Values.image.tag | default .ctx.Chart.AppVersion) -}}
{{- end -}}

{{/* The restricted Pod Security Standard, at pod level. */}}
{{- define "rv3.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
# A restart need not walk every file of a persistent volume: only a root whose group is wrong is changed.
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "rv3.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod-level settings shared by every workload: (dict "ctx" $ "c" component) */}}
{{- define "rv3.podCommon" -}}
serviceAccountName: {{ include "rv3.fullname" .ctx }}-{{ .c }}
automountServiceAccountToken: false
securityContext:
  {{- include "rv3.podSecurityContext" .ctx | nindent 2 }}
{{- with .ctx.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Pod annotations: Prometheus scraping of /q/metrics on $port. */}}
{{- define "rv3.podAnnotations" -}}
{{- if .ctx.Values.metrics.annotations }}
prometheus.io/scrape: "true"
prometheus.io/path: /q/metrics
prometheus.io/port: {{ .port | quote }}
{{- end }}
{{- end -}}

{{/* Quarkus health probes on the container port named http. $slow: Flyway migrates before a service is started. */}}
{{- define "rv3.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: {{ if .slow }}60{{ else }}36{{ end }}
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 10
  failureThreshold: 3
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  failureThreshold: 3
{{- end -}}

{{/* The JVM writes its temporary files (Vert.x's cache, hsperfdata) to /tmp: a writable volume under a read-only root. */}}
{{- define "rv3.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "rv3.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{/* Strimzi names a broker's pod <cluster>-<pool>-<id>: both short enough for a host name. */}}
{{- define "rv3.kafkaName" -}}
{{ include "rv3.fullname" . | trunc 30 | trimSuffix "-" }}-kafka
{{- end -}}

{{- define "rv3.kafkaPoolName" -}}
{{ .Release.Name | trunc 12 | trimSuffix "-" }}-nodes
{{- end -}}

{{- define "rv3.kafkaBootstrap" -}}
{{- if .Values.kafka.create -}}
{{ include "rv3.kafkaName" . }}-kafka-bootstrap:9092
{{- else -}}
{{ required "kafka.external.bootstrapServers is required when kafka.create is false" .Values.kafka.external.bootstrapServers }}
{{- end -}}
{{- end -}}

{{- define "rv3.pgName" -}}
{{ include "rv3.fullname" . }}-pg
{{- end -}}

{{- define "rv3.pgSecret" -}}
{{- if .Values.postgresql.create -}}
{{ include "rv3.pgName" . }}-app
{{- else -}}
{{ required "postgresql.external.existingSecret is required when postgresql.create is false" .Values.postgresql.external.existingSecret }}
{{- end -}}
{{- end -}}

{{- define "rv3.tokensSecret" -}}
{{ .Values.tokens.existingSecret | default (printf "%s-tokens" (include "rv3.fullname" .)) }}
{{- end -}}

{{- define "rv3.keystoneSecret" -}}
{{ .Values.auth.keystone.existingSecret | default (printf "%s-keystone" (include "rv3.fullname" .)) }}
{{- end -}}

{{- define "rv3.mediatorEnabled" -}}
{{- if .Values.placement.mediator }}true{{ end -}}
{{- end -}}

{{- define "rv3.mediatorUrl" -}}
{{- if .Values.placement.mediator -}}
http://{{ include "rv3.fullname" . }}-mediator:{{ .Values.mediator.port }}
{{- else -}}
{{ .Values.mediator.url }}
{{- end -}}
{{- end -}}

{{/* The URL of site $site's array: the reference array's Service, or the real array's configured URL. */}}
{{- define "rv3.arrayUrl" -}}
{{- if .ctx.Values.referenceArrays.enabled -}}
http://{{ include "rv3.fullname" .ctx }}-array-{{ .site }}:{{ index .ctx.Values.referenceArrays.ports .site }}
{{- else -}}
{{ required (printf "arrays.urls.%s is required when referenceArrays.enabled is false" .site) (index .ctx.Values.arrays.urls .site) }}
{{- end -}}
{{- end -}}

{{/* The environment variable a site's array URL is given in: site-b -> ARRAY_B_URL (the services' config names). */}}
{{- define "rv3.arrayUrlVar" -}}
ARRAY_{{ trimPrefix "site-" . | upper }}_URL
{{- end -}}

{{/* What every control-plane service is given: Kafka, PostgreSQL, the topics' shape, the JVM's options. */}}
{{- define "rv3.controlPlaneEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "rv3.kafkaBootstrap" . | quote }}
- name: TOPICS_PARTITIONS
  value: {{ .Values.kafka.topics.partitions | quote }}
- name: TOPICS_REPLICATION_FACTOR
  value: {{ .Values.kafka.topics.replicas | quote }}
# With the chart's KafkaTopics the Topic Operator creates the topics, and a service only checks them at start (a pod
# that starts first fails its start and is restarted until they exist); otherwise each service creates those missing.
- name: TOPICS_PROVISIONING
  value: {{ ternary "verify" "create" .Values.kafka.topics.create | quote }}
- name: PGHOST
  value: {{ ternary (printf "%s-rw" (include "rv3.pgName" .)) .Values.postgresql.external.host .Values.postgresql.create | required "postgresql.external.host is required when postgresql.create is false" | quote }}
- name: PGPORT
  value: {{ ternary 5432 .Values.postgresql.external.port .Values.postgresql.create | quote }}
- name: PGDATABASE
  value: {{ ternary .Values.postgresql.database .Values.postgresql.external.database .Values.postgresql.create | quote }}
- name: PGUSER
  valueFrom:
    secretKeyRef: {name: {{ include "rv3.pgSecret" . }}, key: username}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "rv3.pgSecret" . }}, key: password}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- end -}}
