/**
 * Reports are answered to the screen that asked, never broadcast, so each records page asks for
 * its report and asks again after it changes something.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Report, ReportName, ReportOf } from '../../shared/contract/index.js';
import { useActions } from '../kiosk/act.js';

type KindOf<N extends ReportName> = Extract<Report['kind'], N>;

export function useReport<N extends ReportName>(name: N, clinicDay: string | null = null): {
  report: ReportOf<KindOf<N>> | null;
  reload: () => void;
} {
  const { act } = useActions();
  const [report, setReport] = useState<ReportOf<KindOf<N>> | null>(null);
  const reload = useCallback(() => {
    void act({ type: 'showReport', report: name, clinicDay }).then((reply) => {
      if (reply?.report && reply.report.kind === name) setReport(reply.report as ReportOf<KindOf<N>>);
    });
  }, [act, name, clinicDay]);
  useEffect(reload, [reload]);
  return { report, reload };
}
