// Issue 15: the two ConnectWise cloud hosts, derived from the site as an admin types it.
import { expect, it } from 'vitest';
import { connectWiseHosts } from './connectwise-hosts';

it('derives the api- host for a cloud region and keeps links on the site host', () => {
  expect(connectWiseHosts('https://na.myconnectwise.net')).toEqual({
    siteOrigin: 'https://na.myconnectwise.net',
    apiOrigin: 'https://api-na.myconnectwise.net',
    region: 'na',
    typedApiHost: false,
  });
  expect(connectWiseHosts('EU.myconnectwise.net/')).toMatchObject({
    siteOrigin: 'https://eu.myconnectwise.net',
    apiOrigin: 'https://api-eu.myconnectwise.net',
  });
});

it('finds the site when the admin typed the API host, as the old placeholder suggested', () => {
  expect(connectWiseHosts('https://api-au.myconnectwise.net')).toEqual({
    siteOrigin: 'https://au.myconnectwise.net',
    apiOrigin: 'https://api-au.myconnectwise.net',
    region: 'au',
    typedApiHost: true,
  });
});

it('uses one host on premises and keeps ports', () => {
  expect(connectWiseHosts('https://manage.contoso-msp.com')).toEqual({
    siteOrigin: 'https://manage.contoso-msp.com',
    apiOrigin: 'https://manage.contoso-msp.com',
    region: null,
    typedApiHost: false,
  });
  expect(connectWiseHosts('http://na.myconnectwise.localhost:3512')).toMatchObject({
    siteOrigin: 'http://na.myconnectwise.localhost:3512',
    apiOrigin: 'http://api-na.myconnectwise.localhost:3512',
  });
  // A look-alike domain is not ConnectWise's cloud.
  expect(connectWiseHosts('https://na.myconnectwise.net.evil.example').apiOrigin).toBe('https://na.myconnectwise.net.evil.example');
});
