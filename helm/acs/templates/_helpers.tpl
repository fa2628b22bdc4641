{{/* Names and labels shared by every component. */}}
{{- define "acs.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>; call with (dict "root" $ "name" "gateway"). */}}
{{- define "acs.componentName" -}}
{{- printf "%s-%s" (include "acs.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "acs.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "acs.labels" -}}
{{ include "acs.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "acs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "acs.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "acs.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s/%s-%s:%s" .root.Values.image.registry .root.Values.image.repository .name $tag -}}
{{- end -}}

{{/* Kafka, for every component. */}}
{{- define "acs.kafkaEnv" -}}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required" .Values.kafka.brokers | quote }}
{{- with .Values.kafka.namePrefix }}
- name: KAFKA_NAME_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Redis: a Secret's URL, a URL, or Cluster nodes (the services refuse both or neither). */}}
{{- define "acs.redisEnv" -}}
{{- if .Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.existingSecretKey }}
{{- else if .Values.redis.clusterNodes }}
- name: REDIS_CLUSTER_NODES
  value: {{ .Values.redis.clusterNodes | quote }}
{{- else }}
- name: REDIS_URL
  value: {{ required "redis.url, redis.clusterNodes or redis.existingSecret is required" .Values.redis.url | quote }}
{{- end }}
{{- end -}}

{{/* MongoDB: the URI from a Secret (it carries credentials) or from values. */}}
{{- define "acs.mongodbEnv" -}}
{{- if .Values.mongodb.existingSecret }}
- name: MONGODB_URI
  valueFrom:
    secretKeyRef:
      name: {{ .Values.mongodb.existingSecret }}
      key: {{ .Values.mongodb.existingSecretKey }}
{{- else }}
- name: MONGODB_URI
  value: {{ required "mongodb.uri or mongodb.existingSecret is required" .Values.mongodb.uri | quote }}
{{- end }}
{{- end -}}

{{/* The keys sealing secret parameter values (ACS_SECRET_KEYS), from a Secret when given. */}}
{{- define "acs.secretKeysEnv" -}}
{{- if .Values.secretKeys.existingSecret }}
- name: ACS_SECRET_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secretKeys.existingSecret }}
      key: {{ .Values.secretKeys.existingSecretKey }}
{{- end }}
{{- end -}}

{{/* A component's config map of settings as environment variables, in a stable order. */}}
{{- define "acs.configEnv" -}}
{{- range $key, $value := . }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* Replicas a component may run at least: what decides whether a PDB makes sense. */}}
{{- define "acs.minReplicas" -}}
{{- if .autoscaling.enabled -}}{{ .autoscaling.minReplicas }}{{- else -}}{{ .replicaCount }}{{- end -}}
{{- end -}}
