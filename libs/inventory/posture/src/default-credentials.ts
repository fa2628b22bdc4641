/**
 * Factory-default username/password pairs of CPE vendors, as published. A device whose
 * connection-request credentials are one of these pairs can be woken (and, where the CPE reuses
 * them, managed) by anyone who reaches it. Only entries with a public source are listed; a pair
 * shared by several vendors is listed once per vendor so the evidence can name them.
 */
export interface DefaultCredential {
  readonly vendor: string;
  readonly username: string;
  readonly password: string;
  /** Where the pair is published. */
  readonly source: string;
}

/** SecLists' default-credentials table (MIT), one line per vendor/username/password. */
const SECLISTS =
  'https://github.com/danielmiessler/SecLists/blob/master/Passwords/Default-Credentials/default-passwords.csv';

function seclists(vendor: string, username: string, password: string): DefaultCredential {
  // The source names the vendor's entry, not the pair: it ends up in findings' evidence.
  return { vendor, username, password, source: `${SECLISTS} (${vendor} entries)` };
}

export const DEFAULT_CREDENTIALS: readonly DefaultCredential[] = [
  seclists('Actiontec', 'admin', 'password'),
  seclists('AirTies RT-210', 'admin', 'admin'),
  seclists('Alcatel Thomson', 'admin', 'admin'),
  seclists('Arris', 'admin', 'password'),
  seclists('Asus', 'admin', 'admin'),
  seclists('Aztech', 'admin', 'admin'),
  seclists('Beetel', 'admin', 'admin'),
  seclists('Billion', 'admin', 'admin'),
  seclists('BT', 'admin', 'admin'),
  seclists('Buffalo Technology', 'admin', 'password'),
  seclists('CNET', 'admin', '1234'),
  seclists('Cable And Wireless', 'admin', '1234'),
  seclists('U.S. Robotics', 'admin', 'admin'),
  {
    vendor: 'Verizon',
    username: 'admin',
    password: 'password',
    source: `${SECLISTS} (Verizon entries, citing Verizon's FiOS router setup page)`,
  },
  seclists('Wanadoo', 'admin', 'admin'),
  seclists('Westell', 'admin', 'password'),
  seclists('Xavi', 'admin', 'admin'),
  seclists('Zoom', 'admin', 'zoomadsl'),
  seclists('ZTE', 'ADSL', 'expert03'),
  seclists('Zyxel', 'admin', '1234'),
  seclists('Zyxel', 'admin', 'admin'),
  seclists('Zyxel', 'root', '1234'),
  seclists('Zyxel', 'webadmin', '1234'),
];
