/**
 * Renderer entry. The renderer draws views pushed by the kiosk host and sends intentions; it holds
 * no clinical rule and imports nothing but shared/contract (a lint rule checks).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseCarrier } from './carrier/choose-carrier.js';
import { HostClient } from './carrier/host-client.js';
import { HostProvider } from './carrier/use-host.js';
import { ActionsProvider } from './kiosk/act.js';
import { Kiosk } from './kiosk/kiosk.js';
import { ActingAsProvider } from './staff/acting-as.js';
import './styles.css';
import './records/records.css';
import './overdose/overdose.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element to draw the kiosk in.');

const client = new HostClient(chooseCarrier());

createRoot(root).render(
  <StrictMode>
    <HostProvider client={client}>
      <ActingAsProvider>
        <ActionsProvider>
          <Kiosk />
        </ActionsProvider>
      </ActingAsProvider>
    </HostProvider>
  </StrictMode>,
);
