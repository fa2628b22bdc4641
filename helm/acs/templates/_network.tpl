{{/*
A component's NetworkPolicy: its own ports open to "from" (rendered peers, or anyone when empty),
the ops port to the scrapers in networkPolicy.metricsFrom. Egress stays open: Kafka, Redis,
MongoDB and the CPEs (connection requests) live wherever the operator runs them.
*/}}
{{- define "acs.networkPolicy" -}}
{{- $root := .root -}}
{{- if $root.Values.networkPolicy.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "acs.componentName" . }}
  labels:
    {{- include "acs.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "acs.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    {{- if .ports }}
    - ports:
        {{- range .ports }}
        - port: {{ .port }}
          protocol: {{ default "TCP" .protocol }}
        {{- end }}
    {{- end }}
    - ports:
        - port: {{ .component.opsPort }}
          protocol: TCP
      {{- with $root.Values.networkPolicy.metricsFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
{{- end -}}
