// Issue 20 (B15.2): the MSP's name and logo on customer reports and mails.
import { Image } from '@phosphor-icons/react';
import { useEffect, useState } from 'react';
import { useBranding, useSaveBranding } from './useNotifications';

const MAX_LOGO_BYTES = 512 * 1024;

const readDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

export const BrandingPanel = () => {
  const branding = useBranding();
  const save = useSaveBranding();
  const [name, setName] = useState<string | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  useEffect(() => {
    if (branding.data && name === null) {
      setName(branding.data.mspName);
    }
  }, [branding.data, name]);
  if (!branding.data || name === null) {
    return null;
  }
  return (
    <section className="card stack" aria-label="Report branding">
      <h2 style={{ margin: 0 }}>
        <Image size={18} weight="duotone" /> Report branding
      </h2>
      <div className="row">
        {branding.data.logo && <img src={branding.data.logo} alt="Your logo" style={{ maxHeight: 48, maxWidth: 160 }} />}
        <input
          className="input"
          aria-label="MSP name on reports"
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ maxWidth: 320 }}
        />
        <button
          type="button"
          className="btn btn-primary"
          disabled={save.isPending || !name.trim()}
          onClick={() => save.mutate({ mspName: name })}
        >
          Save name
        </button>
      </div>
      <div className="row">
        <label className="btn">
          {branding.data.logo ? 'Replace logo' : 'Upload logo'} (PNG or JPEG)
          <input
            type="file"
            accept="image/png,image/jpeg"
            hidden
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) {
                return;
              }
              if (file.size > MAX_LOGO_BYTES) {
                setLogoError('The logo may be at most 512 KiB.');
                return;
              }
              setLogoError(null);
              save.mutate({ mspName: name, logo: await readDataUrl(file) });
            }}
          />
        </label>
        {branding.data.logo && (
          <button type="button" className="btn" onClick={() => save.mutate({ mspName: name, logo: null })}>
            Remove logo
          </button>
        )}
      </div>
      {(logoError ?? save.error?.message) && <div className="alert alert-error">{logoError ?? save.error?.message}</div>}
    </section>
  );
};
