{{/* A ServiceMonitor for a component's ops port, when the Prometheus operator's API is served. */}}
{{- define "acs.serviceMonitor" -}}
{{- $root := .root -}}
{{- if and $root.Values.metrics.serviceMonitor.enabled ($root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor") }}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "acs.componentName" . }}
  labels:
    {{- include "acs.labels" . | nindent 4 }}
    {{- with $root.Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "acs.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/part: ops
  endpoints:
    - port: ops
      path: /metrics
      interval: {{ $root.Values.metrics.serviceMonitor.interval }}
      # The dashboards and alert rules know the services by job (acs-gateway, acs-inventory,
      # ...), whatever the release is called, as the compose stack's Prometheus names them.
      relabelings:
        - action: replace
          targetLabel: job
          replacement: acs-{{ .name }}
{{- end }}
{{- end -}}

{{/* The headless Service the ServiceMonitor selects: every pod's ops port, nothing else. */}}
{{- define "acs.opsService" -}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "acs.componentName" . }}-ops
  labels:
    {{- include "acs.labels" . | nindent 4 }}
    app.kubernetes.io/part: ops
spec:
  clusterIP: None
  selector:
    {{- include "acs.selectorLabels" . | nindent 4 }}
  ports:
    - name: ops
      port: {{ .component.opsPort }}
      targetPort: ops
      protocol: TCP
{{- end -}}
