{{/* HPA on CPU (and extra metrics given as "metrics"), and a PDB when more than one replica runs. */}}
{{- define "acs.autoscaling" -}}
{{- $c := .component -}}
{{- if $c.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "acs.componentName" . }}
  labels:
    {{- include "acs.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "acs.componentName" . }}
  minReplicas: {{ $c.autoscaling.minReplicas }}
  maxReplicas: {{ $c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $c.autoscaling.targetCPUUtilizationPercentage }}
    {{- with .metrics }}
    {{- . | nindent 4 }}
    {{- end }}
{{- end }}
{{- if gt (int (include "acs.minReplicas" $c)) 1 }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "acs.componentName" . }}
  labels:
    {{- include "acs.labels" . | nindent 4 }}
spec:
  minAvailable: {{ $c.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "acs.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
